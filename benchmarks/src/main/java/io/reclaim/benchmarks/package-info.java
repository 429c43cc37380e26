/**
 * JMH benchmarks of Reclaim against raw baselines. {@link io.reclaim.benchmarks.Report} runs the
 * suite and prints one line per comparison; every benchmark also runs on its own through
 * {@code org.openjdk.jmh.Main}.
 */
package io.reclaim.benchmarks;
