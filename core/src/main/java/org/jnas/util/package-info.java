/**
 * Small shared pieces: the one Jackson mapper ({@link org.jnas.util.Json}) and the one registration idiom
 * ({@link org.jnas.util.Registry}) that op, block, strategy and evaluator-kind registries share.
 */
package org.jnas.util;
