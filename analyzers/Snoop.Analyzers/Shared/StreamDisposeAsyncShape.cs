using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// SNOOP003's generated <c>DisposeAsync</c>: from <c>protected override void Dispose(bool disposing) { if (disposing) { ...; inner.Dispose(); } base.Dispose(disposing); }</c>
/// the statements of <c>public override async ValueTask DisposeAsync() { ...; await inner.DisposeAsync(); Dispose(false); GC.SuppressFinalize(this); }</c>
/// (the standard async dispose pattern, where <c>Dispose(false)</c> runs what the sync path runs when not disposing).
/// One place, so that the analyzer's fixability fact and the fixer's plan agree.
/// </summary>
internal static class StreamDisposeAsyncShape
{
    /// <summary>
    /// The body statements before <c>Dispose(false)</c> (the translated <c>if (disposing)</c> block), or null when the
    /// shape is not the standard one or a statement cannot be translated safely.
    /// </summary>
    public static List<StatementSyntax>? Translate(MethodDeclarationSyntax? sync, INamedTypeSymbol type, StreamMembers members, SemanticModel model, CancellationToken cancellationToken, bool checkErrors = true)
    {
        var stream = members.Stream;
        var disposeSlot = members.DisposeNoArguments;
        var closeSlot = members.Close;
        if (sync?.Body is null || disposeSlot is null || closeSlot is null || sync.ParameterList.Parameters.Count != 1
            || KnownTypes.Create(model.Compilation).ValueTask is null)
        {
            return null;
        }

        // Dispose(false) must reach Stream's no-op Dispose(bool), and Close() must not do work of its own.
        if (!SymbolEqualityComparer.Default.Equals(type.BaseType?.OriginalDefinition, stream)
            || !SymbolEqualityComparer.Default.Equals(SymbolFacts.FindImplementation(type, closeSlot)?.ContainingType?.OriginalDefinition, stream))
        {
            return null;
        }

        var disposing = sync.ParameterList.Parameters[0].Identifier.ValueText;
        var statements = sync.Body.Statements;
        if (statements.Count is < 1 or > 2
            || statements[0] is not IfStatementSyntax { Else: null } ifStatement
            || !IsDisposingCondition(ifStatement.Condition, disposing, out var guard)
            || (statements.Count == 2 && !IsBaseDispose(statements[1], disposing)))
        {
            return null;
        }

        var translator = new AsyncBodyTranslator(model, stream, new[] { disposeSlot, closeSlot }, "DisposeAsync", disposing, cancellationToken, checkErrors);
        if (translator.HasErrors(sync))
        {
            return null;
        }

        var body = new List<StatementSyntax>();
        var forwarded = 0;
        var inner = ifStatement.Statement is BlockSyntax block ? (IEnumerable<StatementSyntax>)block.Statements : new[] { ifStatement.Statement };
        if (!translator.TranslateStatements(inner, arguments => arguments.Arguments.Count == 0 ? SyntaxFactory.ArgumentList() : null, body, ref forwarded) || forwarded == 0)
        {
            return null;
        }

        if (guard is not null)
        {
            // if (disposing && !_leaveOpen) { ... } → if (!_leaveOpen) { ... await inner.DisposeAsync() ... }
            return new List<StatementSyntax> { SyntaxFactory.IfStatement(guard.WithoutTrivia(), SyntaxFactory.Block(body)) };
        }

        return body;
    }

    /// <summary>
    /// <c>disposing</c>, or <c>disposing &amp;&amp; guard</c> where the guard does not mention <c>disposing</c>
    /// (<c>disposing &amp;&amp; !_leaveOpen</c>): the guard is kept around the async disposal.
    /// </summary>
    private static bool IsDisposingCondition(ExpressionSyntax condition, string disposing, out ExpressionSyntax? guard)
    {
        guard = null;
        if (condition is IdentifierNameSyntax name)
        {
            return name.Identifier.ValueText == disposing;
        }

        if (condition is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression, Left: IdentifierNameSyntax left } and
            && left.Identifier.ValueText == disposing)
        {
            foreach (var identifier in and.Right.DescendantNodesAndSelf())
            {
                if (identifier is IdentifierNameSyntax mentioned && mentioned.Identifier.ValueText == disposing)
                {
                    return false;
                }
            }

            // The whole condition of the generated if: no parentheses needed.
            guard = and.Right;
            return true;
        }

        return false;
    }

    private static bool IsBaseDispose(StatementSyntax statement, string disposing)
        => statement is ExpressionStatementSyntax
        {
            Expression: InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax, Name.Identifier.ValueText: "Dispose" },
                ArgumentList.Arguments: { Count: 1 } arguments,
            },
        }
        && arguments[0].Expression is IdentifierNameSyntax argument
        && argument.Identifier.ValueText == disposing;
}
