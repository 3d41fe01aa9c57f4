namespace Snoop.Tests.FeatureMatrix;

/// <summary>Finds the repository root: the folder above the test binaries that holds Snoop.Analyzers.sln.</summary>
internal static class RepositoryPaths
{
    public static readonly string Root = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Snoop.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Snoop.Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
