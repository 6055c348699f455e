/**
 * Zero-cost proxies: scores of untrained networks, computed with DJL at initialization from at most one
 * mini-batch, and the measurements of how far they can be trusted.
 * <ul>
 *   <li>{@link org.jnas.proxy.ZeroCostProxy}: the extension point (its Javadoc has the checklist);
 *       {@link org.jnas.proxy.Synflow}, {@link org.jnas.proxy.JacobianCovariance}, {@link org.jnas.proxy.GradNorm},
 *       {@link org.jnas.proxy.Snip}; {@link org.jnas.proxy.Proxies} by name.</li>
 *   <li>{@link org.jnas.proxy.ProxyScorer}: fresh seeded network per proxy, failures as
 *       {@link org.jnas.proxy.ProxyScore}s with their reason.</li>
 *   <li>{@link org.jnas.proxy.ProxyEvaluator}: proxies as the cheapest fidelity of any search;
 *       {@link org.jnas.proxy.ProxyFeature}: a proxy as a predictor feature.</li>
 *   <li>{@link org.jnas.proxy.ProxyStudy} and {@link org.jnas.proxy.PredictorWithProxy}: rank correlations with
 *       ground truth (NAS-Bench-201, stand-alone training), behind {@code ./jnas bench proxies} and notebook 05.</li>
 * </ul>
 */
package org.jnas.proxy;
