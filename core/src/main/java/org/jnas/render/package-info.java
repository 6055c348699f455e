/**
 * Pictures of what a search found and how it got there, for notebooks, terminals and papers.
 *
 * <p>Every picture is a {@link org.jnas.render.Picture}: drawn once with {@code Graphics2D}, encoded to SVG
 * (VectorGraphics2D) and PNG (ImageIO) from that one drawing, deterministic for the same input, headless.
 * <ul>
 *   <li>{@link org.jnas.render.CellDiagram} and {@link org.jnas.render.ChainDiagram}: architectures, laid out by
 *       Eclipse ELK (pure Java: no graphviz needed);</li>
 *   <li>{@link org.jnas.render.ParetoChart}, {@link org.jnas.render.CurveChart}, {@link org.jnas.render.AlphaChart}:
 *       XChart charts of search results, search progress and DARTS weights;</li>
 *   <li>{@link org.jnas.render.Tables}: Tablesaw tables as HTML and aligned text.</li>
 * </ul>
 * The API takes plain data (numbers, names, the space model's architectures), so any search, strategy or evaluator
 * can feed it. {@code org.jnas.cli.Gallery} writes one example of each kind ({@code ./jnas pictures}).
 */
package org.jnas.render;
