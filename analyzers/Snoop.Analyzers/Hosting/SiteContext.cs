using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers;

/// <summary>
/// What a rule that asked for assignments or invocations by name is given for one site: the site's operation (with its
/// parents, up to the body that holds it), a way to report, and the analysis's cancellation token.
/// </summary>
internal readonly struct SiteContext
{
    private readonly Action<Diagnostic> _report;

    internal SiteContext(IOperation operation, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        Operation = operation;
        _report = report;
        CancellationToken = cancellationToken;
    }

    /// <summary>The assignment (<c>ISimpleAssignmentOperation</c>) or invocation (<c>IInvocationOperation</c>).</summary>
    public IOperation Operation { get; }

    public CancellationToken CancellationToken { get; }

    public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);
}
