// The runs here measure latency against an in-process emulator and one packs and builds the samples:
// side by side they would make each other's figures noise.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
