using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Snoop.Analyzers;

/// <summary>
/// An analyzer that hosts several <see cref="SnoopRule"/>s: it reports the union of their descriptors and registers one
/// driver callback per operation or symbol kind they look at (see <see cref="SnoopRule"/> for why). Generated code is not
/// analyzed, and analysis runs concurrently, for every rule alike.
/// </summary>
public abstract class RuleHostAnalyzer : DiagnosticAnalyzer
{
    private readonly ImmutableArray<SnoopRule> _rules;

    /// <summary>Hosts <paramref name="rules"/>, started in this order at every compilation start.</summary>
    protected RuleHostAnalyzer(params SnoopRule[] rules)
    {
        if (rules is null || rules.Length == 0)
        {
            throw new ArgumentException("A host needs at least one rule.", nameof(rules));
        }

        _rules = rules.ToImmutableArray();
        var descriptors = ImmutableArray.CreateBuilder<DiagnosticDescriptor>();
        var seen = new HashSet<DiagnosticDescriptor>();
        foreach (var rule in _rules)
        {
            foreach (var descriptor in rule.SupportedDiagnostics)
            {
                if (seen.Add(descriptor))
                {
                    descriptors.Add(descriptor);
                }
            }
        }

        SupportedDiagnostics = descriptors.ToImmutable();
    }

    /// <summary>The hosted rules, in start order.</summary>
    public ImmutableArray<SnoopRule> Rules => _rules;

    /// <inheritdoc/>
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var rules = new RuleStartContext(start.Compilation);
            foreach (var rule in _rules)
            {
                if (!IsOffEverywhere(rule, start.Compilation, start.CancellationToken))
                {
                    rule.Start(rules);
                }
            }

            rules.RegisterWith(start);
        });
    }

    /// <summary>
    /// True when every ID of <paramref name="rule"/> is turned off (severity <c>none</c>) for every file of the
    /// compilation: by <c>dotnet_diagnostic.ID.severity</c> in an <c>.editorconfig</c> or global config, or by
    /// <c>NoWarn</c>. The driver skips an analyzer whose IDs are all off; a host does the same for each of its rules.
    /// Anything else (a file that turns the ID back on, category or bulk settings, which the driver applies itself)
    /// keeps the rule running: a skipped rule must never be one whose diagnostics would have been shown.
    /// </summary>
    internal static bool IsOffEverywhere(SnoopRule rule, Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        var provider = compilation.Options.SyntaxTreeOptionsProvider;
        var specific = compilation.Options.SpecificDiagnosticOptions;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var descriptor in rule.SupportedDiagnostics)
        {
            ids.Add(descriptor.Id);
        }

        if (ids.Count == 0)
        {
            return false;
        }

        foreach (var id in ids)
        {
            var global = provider is not null && provider.TryGetGlobalDiagnosticValue(id, cancellationToken, out var fromGlobalConfig)
                ? fromGlobalConfig
                : specific.TryGetValue(id, out var fromOptions) ? fromOptions : ReportDiagnostic.Default;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var effective = provider is not null && provider.TryGetDiagnosticValue(tree, id, cancellationToken, out var fromTree) ? fromTree : global;
                if (effective != ReportDiagnostic.Suppress)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
