/**
 * Data sets as train/validation/test splits ({@link org.jnas.data.DataSplits}): Fashion-MNIST from Debians files
 * ({@link org.jnas.data.Datasets}), held as bytes and batched on the fly, your own arrays or image folders. Nothing
 * is downloaded: a missing data set fails saying where to get it.
 */
package org.jnas.data;
