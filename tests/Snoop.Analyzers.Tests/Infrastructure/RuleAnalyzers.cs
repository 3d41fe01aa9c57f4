using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Snoop.Analyzers.Tests.Infrastructure;

/// <summary>
/// The analyzers a rule's tests run. Rules are hosted: the shipped analyzers (<see cref="Shipped"/>) each host several
/// rules. A rule's verifier tests run the shipped hosts of every rule that reports one of its IDs (SNOOP004 is reported by
/// a wrapper-type rule and an install-site rule, in different hosts), with the hosts' other IDs disabled, so a test sees
/// the whole rule, as shipped, and nothing else.
/// </summary>
internal static class RuleAnalyzers
{
    private static readonly ConcurrentDictionary<Type, (DiagnosticAnalyzer[] Hosts, string[] OtherIds)> s_cache = new();

    /// <summary>Every <c>[DiagnosticAnalyzer]</c> of the Snoop.Analyzers assembly, by name.</summary>
    public static ImmutableArray<RuleHostAnalyzer> Shipped { get; } = typeof(RuleIdentifiers).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (RuleHostAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>Every rule of the Snoop.Analyzers assembly, by name.</summary>
    public static ImmutableArray<Type> RuleTypes { get; } = typeof(RuleIdentifiers).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(SnoopRule).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>The shipped hosts that report one of <typeparamref name="TRule"/>'s IDs.</summary>
    public static DiagnosticAnalyzer[] Of<TRule>()
        where TRule : SnoopRule, new()
        => Get(typeof(TRule)).Hosts;

    /// <summary>The IDs <see cref="Of{TRule}"/> reports that <typeparamref name="TRule"/> does not: a rule's tests disable them.</summary>
    public static string[] OtherIds<TRule>()
        where TRule : SnoopRule, new()
        => Get(typeof(TRule)).OtherIds;

    /// <summary>The shipped host of <paramref name="ruleType"/>.</summary>
    public static RuleHostAnalyzer HostOf(Type ruleType)
        => Shipped.Single(host => host.Rules.Any(rule => rule.GetType() == ruleType));

    /// <summary>
    /// <typeparamref name="TRule"/> alone in a host of its own, for tests that drive <c>CompilationWithAnalyzers</c>
    /// directly and look at one rule's diagnostics.
    /// </summary>
    public static DiagnosticAnalyzer Alone<TRule>()
        where TRule : SnoopRule, new()
        => new TestHost(new TRule());

    /// <summary>The first descriptor of rule <paramref name="id"/> among <see cref="Of{TRule}"/> (a rule may have one per message format).</summary>
    public static DiagnosticDescriptor FirstDescriptor<TRule>(string id)
        where TRule : SnoopRule, new()
        => RuleAnalyzers.Alone<TRule>().SupportedDiagnostics.FirstOrDefault(d => d.Id == id)
           ?? Of<TRule>().SelectMany(a => a.SupportedDiagnostics).FirstOrDefault(d => d.Id == id)
           ?? throw new InvalidOperationException($"No analyzer of {typeof(TRule).Name}'s rule reports {id}.");

    private static (DiagnosticAnalyzer[] Hosts, string[] OtherIds) Get(Type ruleType)
        => s_cache.GetOrAdd(ruleType, type =>
        {
            var ids = ((SnoopRule)Activator.CreateInstance(type)!).SupportedDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var hosts = Shipped.Where(host => host.SupportedDiagnostics.Any(d => ids.Contains(d.Id))).ToArray<DiagnosticAnalyzer>();
            if (!hosts.Any(host => ((RuleHostAnalyzer)host).Rules.Any(rule => rule.GetType() == type)))
            {
                throw new InvalidOperationException($"{type.Name} is hosted by no shipped analyzer.");
            }

            var others = hosts.SelectMany(host => host.SupportedDiagnostics).Select(d => d.Id).Where(id => !ids.Contains(id)).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
            return (hosts, others);
        });

#pragma warning disable RS1001 // A host built by the tests for one rule, never loaded by a compiler: no [DiagnosticAnalyzer].
    private sealed class TestHost(params SnoopRule[] rules) : RuleHostAnalyzer(rules);
#pragma warning restore RS1001
}

/// <summary>
/// The testing library's analyzer type parameter for the verifiers, which override <c>GetDiagnosticAnalyzers</c> with
/// <see cref="RuleAnalyzers.Of{TRule}"/>: it is never run.
/// </summary>
#pragma warning disable RS1001, RS1025, RS1026 // Never loaded by a compiler and never initialized.
public sealed class VerifierPlaceholderAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [];

    public override void Initialize(AnalysisContext context) => throw new InvalidOperationException("The verifiers run RuleAnalyzers.Of<TRule>(), not this placeholder.");
}
#pragma warning restore RS1001, RS1025, RS1026
