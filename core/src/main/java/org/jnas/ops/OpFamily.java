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

    /**
     * Feature maps an op of this family usually keeps for the backward pass, in units of its output size: the
     * default of {@link CellOp#activationMaps()} when a registration gives none.
     */
    public double activationMaps() {
        return switch (this) {
            case NONE, SKIP -> 0;
            case POOL -> 2;
            case CONV -> 4;
        };
    }

    /** True for ops without learned weights (none, skip, pooling), the ones DARTS tends to collapse onto. */
    public boolean parameterFree() {
        return this != CONV;
    }
}
