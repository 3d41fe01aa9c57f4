using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Snoop.Analyzers.Tests;

/// <summary>Every descriptor an analyzer reports links to a rule page that exists in docs/rules, and the README lists it.</summary>
public class HelpLinkTests
{
    public static IEnumerable<object[]> AllDescriptors() =>
        typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .GroupBy(d => d.Id)
            .Select(g => new object[] { g.Key, g.First().HelpLinkUri });

    [Fact]
    public void EveryRuleIdHasAnAnalyzer()
    {
        var ids = typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(RuleIdentifiers.HelpLinkBase))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();
        var reported = AllDescriptors().Select(o => (string)o[0]).ToHashSet();
        Assert.Equal(ids.OrderBy(x => x), reported.OrderBy(x => x));
    }

    [Theory]
    [MemberData(nameof(AllDescriptors))]
    public void HelpLinkPointsAtAnExistingPage(string id, string helpLink)
    {
        Assert.Equal(RuleIdentifiers.GetHelpUri(id), helpLink);
        var page = Path.Combine(RepositoryRoot.Path, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{id}: help link {helpLink} has no page at {page}");
        var text = File.ReadAllText(page);
        foreach (var heading in new[] { "## Cause", "## Why", "## How to fix", "## When to suppress" })
        {
            Assert.Contains(heading, text);
        }
    }

    [Theory]
    [MemberData(nameof(AllDescriptors))]
    public void ReadmeRuleTableListsTheRule(string id, string helpLink)
    {
        _ = helpLink;
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        Assert.Contains($"[{id}](docs/rules/{id}.md)", readme);
    }
}
