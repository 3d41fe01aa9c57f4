using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers.Tests.Shared;

/// <summary>KnownTypes resolves each type when first asked for: every member names its own type, and keeps its answer.</summary>
public class KnownTypesTests
{
    private static readonly PropertyInfo[] s_types = typeof(KnownTypes)
        .GetProperties(BindingFlags.Instance | BindingFlags.Public)
        .Where(p => p.PropertyType == typeof(INamedTypeSymbol))
        .ToArray();

    [Fact]
    public void EveryMember_ResolvesTheTypeOfItsName_AndKeepsIt()
    {
        var snippet = Snippet.Compile("public class Empty { }");
        var known = KnownTypes.Create(snippet.Compilation);
        var resolved = 0;
        foreach (var property in s_types)
        {
            var first = (INamedTypeSymbol?)property.GetValue(known);
            if (first is not null)
            {
                Assert.Equal(property.Name, first.Name);
                resolved++;
            }

            Assert.Same(first, property.GetValue(known));
        }

        // The ASP.NET Core 8 references hold all but the ones Snoop only uses when a project brings them
        // (Microsoft.IO.RecyclableMemoryStream).
        Assert.Equal(s_types.Length - 1, resolved);
        Assert.Null(known.RecyclableMemoryStream);
    }

    [Fact]
    public void Create_ReturnsOneInstancePerCompilation()
    {
        var snippet = Snippet.Compile("public class Empty { }");
        Assert.Same(KnownTypes.Create(snippet.Compilation), KnownTypes.Create(snippet.Compilation));
    }
}
