package org.jnas.eval;

import java.util.Optional;

/**
 * One stand-alone training of an architecture with one seed, scored on the validation split and, when the
 * evaluator has one, on the test split, both from the same trained weights (so a report's validation and test
 * numbers belong to one network, and the seed that made them is on record).
 *
 * @param seed       the seed the network was trained with
 * @param validation validation metrics of that training
 * @param test       test metrics of the same weights; empty when the evaluator has no test split
 */
public record Retrained(long seed, Evaluation validation, Optional<Evaluation> test) {
}
