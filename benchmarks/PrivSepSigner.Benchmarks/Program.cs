// Micro-benchmarks of the hot path's pieces. Throughput of the whole path is measured by
// `privsep-signer bench`, which also measures openssl in the same run for a ratio.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(PrivSepSigner.Benchmarks.FramingBenchmarks).Assembly).Run(args);
