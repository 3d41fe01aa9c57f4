using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers;

/// <summary>
/// What a rule that asked for assignments or invocations by name is given: the site's operation, the cancellation token
/// and a way to report. The host builds it from the driver's operation callback (assignments) or from its syntax
/// callback and the site's operation (invocations).
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
