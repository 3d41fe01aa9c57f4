using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers;

/// <summary>
/// One rule's analysis (one diagnostic ID, or one part of it: SNOOP004 has a rule for wrapper types and one for install
/// sites). A rule is not an analyzer: it is hosted by a <see cref="RuleHostAnalyzer"/>, which registers one callback per
/// operation or symbol kind for all its rules. The compiler's analyzer driver charges every callback it makes (a context,
/// a guard, and with <c>/p:ReportAnalyzer=true</c> two clock reads); nine analyzers each called for every assignment and
/// every invocation cost more than the rules' own checks, so the rules share their callbacks instead.
/// </summary>
public abstract class SnoopRule
{
    /// <summary>The descriptors this rule reports; its host reports their union.</summary>
    public abstract ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <summary>
    /// Called once per compilation: resolve what the rule needs and register its callbacks on <paramref name="context"/>
    /// (nothing when the compilation lacks the types it looks for).
    /// </summary>
    internal abstract void Start(RuleStartContext context);
}
