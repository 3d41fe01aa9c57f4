namespace Snoop.Tests.FeatureMatrix;

/// <summary>
/// The feature matrix runs alone: it measures process-wide allocations during the large download, which
/// other tests running at the same time would pollute.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FeatureMatrixCollection
{
    public const string Name = "FeatureMatrix";
}
