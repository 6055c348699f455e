/**
 * jnas: neural architecture search in Java notebooks. {@link org.jnas.Jnas#init()} sets up DJL (offline, no
 * tracking) and headless AWT once; everything else lives in the sub-packages: {@code space} (what can be searched),
 * {@code strategy} (how to search), {@code eval} (how a candidate is scored), {@code run} (a search: budget,
 * journal, report), {@code render} (pictures), {@code darts}, {@code oneshot}, {@code proxy} (cheaper signals),
 * {@code stats} (how sure a comparison is). The checklists for extending each are in CONTRIBUTING.md.
 */
package org.jnas;
