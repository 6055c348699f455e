/**
 * Notebook output for library code without a kernel dependency: {@link org.jnas.notebook.Notebook} shows values
 * and redraws them in place when a kernel installed its {@link org.jnas.notebook.NotebookBackend}, and falls back
 * to plain text elsewhere; {@link org.jnas.notebook.LiveProgress} draws a search's progress. Tables are drawn by
 * {@link org.jnas.render.Tables}.
 */
package org.jnas.notebook;
