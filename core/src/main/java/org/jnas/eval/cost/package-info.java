/**
 * What an architecture costs without training it: parameters and MACs counted on the DJL block, latency measured
 * with warm-up, repeats and its own noise ({@link org.jnas.eval.cost.Latency}), peak inference memory.
 */
package org.jnas.eval.cost;
