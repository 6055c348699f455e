/**
 * How sure a comparison is: {@link org.jnas.stats.Summary} (mean, sd, 95% t-interval), {@link
 * org.jnas.stats.Comparison} (Welchs test with a verdict line: beyond noise or not), {@link
 * org.jnas.stats.RankCorrelation} (Kendall and Spearman with a seeded bootstrap interval). Every comparison jnas
 * prints goes through here, with its number of seeds.
 */
package org.jnas.stats;
