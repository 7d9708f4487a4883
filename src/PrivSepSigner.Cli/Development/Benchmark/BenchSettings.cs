namespace PrivSepSigner.Cli.Development.Benchmark;

/// <summary>What `bench` was asked to measure.</summary>
internal sealed record BenchSettings(string Key, string SubjectKey, int Count, int Concurrency, int? Rate, int Warmup, int OpenSslCaCount, bool VsCfssl, bool Verbose);
