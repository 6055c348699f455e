package org.jnas.data;

/** A data set's files are not where jnas looked; the message says how to install them or where to point jnas. */
public class DatasetMissingException extends IllegalStateException {
    public DatasetMissingException(String message) {
        super(message);
    }
}
