package org.jnas.ops;

/** What kind of operation an op is: renderers colour by it, DARTS stability remedies count parameter-free ops. */
public enum OpFamily {
    /** The zero operation: the edge is absent. */
    NONE,
    /** Identity (or a factorized reduce where the stride demands it). */
    SKIP,
    /** Parameter-free pooling. */
    POOL,
    /** Anything with learned weights. */
    CONV;

    /** True for ops without learned weights (none, skip, pooling), the ones DARTS tends to collapse onto. */
    public boolean parameterFree() {
        return this != CONV;
    }
}
