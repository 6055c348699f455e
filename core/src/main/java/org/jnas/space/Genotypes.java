package org.jnas.space;

/** Published architectures written down as plain data, in the DARTS code's genotype form. */
public final class Genotypes {
    private Genotypes() {
    }

    /** DARTS (second order), CIFAR-10, from Liu et al. 2019 ("DARTS_V2" in the DARTS repository). */
    public static final String DARTS_V2 = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), "
            + "('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), "
            + "('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], "
            + "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), "
            + "('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], "
            + "reduce_concat=[2, 3, 4, 5])";

    /** DARTS (first order), CIFAR-10 ("DARTS_V1"). */
    public static final String DARTS_V1 = "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), "
            + "('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), "
            + "('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], "
            + "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), "
            + "('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], "
            + "reduce_concat=[2, 3, 4, 5])";
}
