namespace Snoop.Analyzers.Tests;

internal static class RepositoryRoot
{
    public static readonly string Path = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Snoop.Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Snoop.Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
