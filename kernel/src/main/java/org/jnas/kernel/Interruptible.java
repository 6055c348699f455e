package org.jnas.kernel;

/**
 * A magic that runs long outside the cell thread (a Maven resolution) and can be stopped when the user
 * interrupts the cell.
 */
interface Interruptible {
    void interrupt();
}
