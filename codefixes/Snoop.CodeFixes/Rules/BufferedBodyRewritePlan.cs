using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// SNOOP001's rewrite of one block, planned when the fix is applied (never to decide whether it is offered: that reads the
/// analyzer's <see cref="DiagnosticProperties.FixableKey"/>): the statements and reads <see cref="BufferedBodyAnalysis"/>
/// classified, plus what only the rewrite needs: a free name for the capture, <c>await using</c>, the context expression
/// and how to name <c>ResponseCapture</c>.
/// </summary>
internal sealed class BufferedBodyRewritePlan
{
    private static readonly string[] s_captureNames = { "capture", "responseCapture", "snoopCapture" };

    private BufferedBodyRewritePlan(BufferedBodyAnalysis analysis, ExpressionSyntax httpContext, bool httpContextIsResponse, bool isAsync, string captureName, string typeName, bool addUsing)
    {
        Analysis = analysis;
        HttpContextSyntax = httpContext;
        HttpContextIsResponse = httpContextIsResponse;
        IsAsync = isAsync;
        CaptureName = captureName;
        TypeName = typeName;
        AddUsing = addUsing;
    }

    /// <summary>The classified block.</summary>
    public BufferedBodyAnalysis Analysis { get; }

    /// <summary>The <c>HttpContext</c> (or <c>HttpResponse</c>) expression to hand to the capture.</summary>
    public ExpressionSyntax HttpContextSyntax { get; }

    /// <summary>True when <see cref="HttpContextSyntax"/> is the response: <c>.HttpContext</c> is appended.</summary>
    public bool HttpContextIsResponse { get; }

    /// <summary>True when the function is async (<c>await using</c>).</summary>
    public bool IsAsync { get; }

    /// <summary>A free name for the capture local.</summary>
    public string CaptureName { get; }

    /// <summary><c>ResponseCapture</c>, or its fully qualified name when that name means something else here.</summary>
    public string TypeName { get; }

    /// <summary>True when <c>using Snoop;</c> must be added.</summary>
    public bool AddUsing { get; }

    /// <summary>
    /// Plans the rewrite of the swap <paramref name="swapSyntax"/> on the current document; null when the block no longer
    /// qualifies (it changed since the diagnostic, or it does not compile).
    /// </summary>
    public static BufferedBodyRewritePlan? Create(SyntaxNode root, SemanticModel model, AssignmentExpressionSyntax swapSyntax, CancellationToken cancellationToken)
    {
        if (model.GetOperation(swapSyntax, cancellationToken) is not ISimpleAssignmentOperation assignment)
        {
            return null;
        }

        var types = KnownTypes.Create(model.Compilation);
        if (ResponseBodySwap.FromAssignment(assignment, types) is not { } swap
            || BufferedBodyAnalysis.Create(swap, types, cancellationToken) is not { Reason: null } analysis
            || swap.HttpContext.Syntax is not ExpressionSyntax httpContext
            || CompileErrorsBlock(model, analysis, cancellationToken))
        {
            return null;
        }

        var position = swapSyntax.SpanStart;
        var isAsync = model.GetEnclosingSymbol(position, cancellationToken) is IMethodSymbol { IsAsync: true };
        var captureName = ChooseCaptureName(model, swap.Scope, position);
        var typeName = RuntimeImports.ChooseTypeName(root, model, position, RuntimeNames.ResponseCapture, out var addUsing);
        return new BufferedBodyRewritePlan(analysis, httpContext, OperationFacts.SameInstance(swap.HttpContext, swap.Response), isAsync, captureName, typeName, addUsing);
    }

    /// <summary>
    /// The fix's precondition at registration: whether a compiler error blocks the rewrite of the swap
    /// <paramref name="swapSyntax"/> (see <see cref="CompileErrors"/>). Without any error in the file
    /// this is decided without reading the block; otherwise the block's analysis gives the footprint.
    /// </summary>
    public static bool CompileErrorsBlock(SemanticModel model, AssignmentExpressionSyntax swapSyntax, CancellationToken cancellationToken)
    {
        if (!CompileErrors.InFile(model, cancellationToken))
        {
            return false;
        }

        var types = KnownTypes.Create(model.Compilation);
        return model.GetOperation(swapSyntax, cancellationToken) is not ISimpleAssignmentOperation assignment
            || ResponseBodySwap.FromAssignment(assignment, types) is not { } swap
            || BufferedBodyAnalysis.Create(swap, types, cancellationToken) is not { Reason: null } analysis
            || CompileErrorsBlock(model, analysis, cancellationToken);
    }

    /// <summary>
    /// The rewrite's footprint: the statements it removes, the reads it replaces, the buffer's <c>using</c> declaration it
    /// re-purposes and the <c>catch</c>/<c>finally</c> clauses it empties; it relies on the buffer, the kept original and
    /// the capture's name; it may add <c>using Snoop;</c>.
    /// </summary>
    private static bool CompileErrorsBlock(SemanticModel model, BufferedBodyAnalysis analysis, CancellationToken cancellationToken)
    {
        var rewritten = new List<SyntaxNode>(analysis.Removals);
        foreach (var replacement in analysis.Replacements)
        {
            rewritten.Add(replacement.Node);
        }

        if (analysis.BufferDeclaration is UsingStatementSyntax { Declaration: { } declaration })
        {
            rewritten.Add(declaration);
        }

        foreach (var removal in analysis.Removals)
        {
            foreach (var clause in removal.Ancestors())
            {
                if (clause is CatchClauseSyntax or FinallyClauseSyntax)
                {
                    rewritten.Add(clause);
                }
            }
        }

        var relied = new List<string>(s_captureNames) { analysis.Swap.Original.Name };
        if (analysis.Buffer is { } buffer)
        {
            relied.Add(buffer.Name);
        }

        return CompileErrors.BlockFunctionFix(model, analysis.Swap.Swap.Syntax, rewritten, relied, new[] { RuntimeNames.Namespace }, cancellationToken);
    }

    private static string ChooseCaptureName(SemanticModel model, IOperation scope, int position)
    {
        var taken = new HashSet<string>();
        foreach (var op in FunctionScope.EnumerateAll(scope))
        {
            if (op is IVariableDeclaratorOperation declarator)
            {
                taken.Add(declarator.Symbol.Name);
            }
        }

        foreach (var candidate in s_captureNames)
        {
            if (!taken.Contains(candidate) && model.LookupSymbols(position, name: candidate).IsEmpty)
            {
                return candidate;
            }
        }

        for (var i = 2; ; i++)
        {
            var candidate = "capture" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!taken.Contains(candidate) && model.LookupSymbols(position, name: candidate).IsEmpty)
            {
                return candidate;
            }
        }
    }
}
