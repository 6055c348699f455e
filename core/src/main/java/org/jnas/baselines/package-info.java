/**
 * Strong hand-designed networks to compare a searchs winner against: ResNet, MobileNetV2 and the DARTS V2 cell
 * ({@link org.jnas.baselines.HandDesigned}) scaled by width, matched in cost ({@link org.jnas.baselines.CostMatch})
 * and trained with the same {@link org.jnas.eval.Recipe} over several seeds ({@link
 * org.jnas.baselines.BaselineComparison}).
 */
package org.jnas.baselines;
