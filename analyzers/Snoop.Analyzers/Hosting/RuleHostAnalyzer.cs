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
            var rules = new RuleStartContext(start.Compilation, start.Options, start.CancellationToken);
            foreach (var rule in _rules)
            {
                rule.Start(rules);
            }

            rules.RegisterWith(start);
        });
    }
}
