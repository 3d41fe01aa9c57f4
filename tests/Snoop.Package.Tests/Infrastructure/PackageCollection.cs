namespace Snoop.Package.Tests.Infrastructure;

/// <summary>
/// Every test of this assembly shares one pack, and runs one after the other: each shells out to builds that
/// would only compete for the same cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Snoop.Analyzers package";
}
