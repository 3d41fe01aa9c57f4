using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Snoop.Analyzers.Tests.Infrastructure;

/// <summary>
/// The analyzers a rule's tests run: the analyzer under test and every other analyzer reporting one of its IDs (a rule
/// may be checked by several analyzers: SNOOP004's wrapper types and install sites), so a test sees the whole rule.
/// </summary>
internal static class RuleAnalyzers
{
    private static readonly ConcurrentDictionary<Type, DiagnosticAnalyzer[]> s_cache = new();

    public static DiagnosticAnalyzer[] Of<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new()
        => s_cache.GetOrAdd(typeof(TAnalyzer), _ =>
        {
            var analyzer = new TAnalyzer();
            var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet();
            var companions = typeof(RuleIdentifiers).Assembly.GetTypes()
                .Where(t => t != typeof(TAnalyzer) && !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .Where(a => a.SupportedDiagnostics.Any(d => ids.Contains(d.Id)));
            return [analyzer, .. companions];
        });

    /// <summary>The first descriptor of rule <paramref name="id"/> among <see cref="Of{TAnalyzer}"/> (a rule may have one per message format).</summary>
    public static Microsoft.CodeAnalysis.DiagnosticDescriptor FirstDescriptor<TAnalyzer>(string id)
        where TAnalyzer : DiagnosticAnalyzer, new()
        => Of<TAnalyzer>().SelectMany(a => a.SupportedDiagnostics).FirstOrDefault(d => d.Id == id)
           ?? throw new InvalidOperationException($"No analyzer of {typeof(TAnalyzer).Name}'s rule reports {id}.");
}
