/**
 * What can be searched: {@link org.jnas.space.SearchSpace} (labelled {@link org.jnas.space.Choice}s and how a
 * {@link org.jnas.space.Sample} freezes into an {@link org.jnas.space.Architecture}), with cell spaces
 * (NAS-Bench-201, DARTS, your own), chain spaces and free-form choice spaces, their JSON and string forms, and
 * definitions checked when built.
 */
package org.jnas.space;
