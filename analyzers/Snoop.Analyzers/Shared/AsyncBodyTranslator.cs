using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Snoop.Analyzers.Rules;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// Turns the body of a synchronous forwarding override (<c>Write</c>, <c>Flush</c>, <c>Complete</c>) into the body of
/// its async counterpart: statements that call the inner object's synchronous member with the method's own
/// arguments become <c>await inner.XAsync(...).ConfigureAwait(false);</c> (at the top level or inside blocks,
/// <c>if</c>/<c>else</c> and <c>try</c>/<c>catch</c>/<c>finally</c>), every other statement is kept as is.
/// </summary>
/// <remarks>
/// The translation refuses (returns null) whenever it cannot be sure the result compiles and behaves the same:
/// the inner call is nested in a loop, <c>using</c>, <c>lock</c>..., another statement uses a member of the inner
/// type, a statement declares a ref-like or ref local, uses <c>stackalloc</c>, <c>unsafe</c> or <c>fixed</c>, or
/// already mentions the name of the parameter the async method adds.
/// </remarks>
internal sealed class AsyncBodyTranslator
{
    private readonly SemanticModel _model;
    private readonly INamedTypeSymbol _innerType;
    private readonly IMethodSymbol[] _syncSlots;
    private readonly string _asyncName;
    private readonly string? _reservedName;
    private readonly CancellationToken _cancellationToken;
    private readonly bool _checkErrors;

    /// <param name="model">The semantic model of the document holding the sync method.</param>
    /// <param name="innerType">The wrapped type (<c>Stream</c>, <c>PipeWriter</c>).</param>
    /// <param name="syncSlot">The root definition of the inner's sync member the statements call (for example <c>Stream.Write(byte[], int, int)</c>).</param>
    /// <param name="asyncName">The name of the inner's async member to await instead.</param>
    /// <param name="reservedName">The name of a parameter the async method adds (<c>cancellationToken</c>), which the kept statements must not mention.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="checkErrors">
    /// Whether to refuse a sync member with compile errors (<see cref="HasErrors"/>): the fixers do; the analyzers' fixability
    /// facts do not (a compiler query per member was most of their cost), and the fixers refuse a wrapper whose translated
    /// members have errors before they offer anything (<c>FixPreconditions.TypeHasErrorsAsync</c>).
    /// </param>
    public AsyncBodyTranslator(SemanticModel model, INamedTypeSymbol innerType, IMethodSymbol syncSlot, string asyncName, string? reservedName, CancellationToken cancellationToken, bool checkErrors = true)
        : this(model, innerType, new[] { syncSlot }, asyncName, reservedName, cancellationToken, checkErrors)
    {
    }

    /// <summary>Translates calls to any of <paramref name="syncSlots"/> (for example <c>Dispose()</c> and <c>Close()</c>).</summary>
    /// <param name="model">The semantic model of the document holding the sync method.</param>
    /// <param name="innerType">The wrapped type.</param>
    /// <param name="syncSlots">The root definitions of the inner's sync members the statements call.</param>
    /// <param name="asyncName">The name of the inner's async member to await instead.</param>
    /// <param name="reservedName">A name the kept statements must not mention.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="checkErrors">Whether to refuse a sync member with compile errors (see the other constructor).</param>
    public AsyncBodyTranslator(SemanticModel model, INamedTypeSymbol innerType, IMethodSymbol[] syncSlots, string asyncName, string? reservedName, CancellationToken cancellationToken, bool checkErrors = true)
    {
        _checkErrors = checkErrors;
        _model = model;
        _innerType = innerType;
        _syncSlots = syncSlots;
        _asyncName = asyncName;
        _reservedName = reservedName;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// The statements of the async body, or null when the sync body cannot be translated safely.
    /// <paramref name="mapArguments"/> turns the sync call's arguments into the async call's (null: not the method's own arguments).
    /// </summary>
    /// <param name="syncMethod">The sync override.</param>
    /// <param name="mapArguments">Maps the inner sync call's argument list to the async call's.</param>
    /// <param name="onlyForwards">Set when the body is nothing but the forwarded call.</param>
    public List<StatementSyntax>? Translate(MethodDeclarationSyntax syncMethod, Func<ArgumentListSyntax, ArgumentListSyntax?> mapArguments, out bool onlyForwards)
    {
        onlyForwards = false;
        if (syncMethod.Modifiers.Any(SyntaxKind.UnsafeKeyword) || syncMethod.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            return null;
        }

        if (HasErrors(syncMethod))
        {
            // Do not build on code that does not compile.
            return null;
        }

        var result = new List<StatementSyntax>();
        var forwarded = 0;
        if (syncMethod.Body is not null)
        {
            if (!TranslateStatements(syncMethod.Body.Statements, mapArguments, result, ref forwarded))
            {
                return null;
            }
        }
        else if (syncMethod.ExpressionBody is { Expression: var expression })
        {
            var translated = expression is InvocationExpressionSyntax invocation
                ? TryTranslateForwardingCall(invocation, mapArguments, default, default)
                : null;
            if (translated is not null)
            {
                result.Add(translated);
                forwarded++;
            }
            else if (CanKeep(expression))
            {
                result.Add(SyntaxFactory.ExpressionStatement(expression.WithoutTrivia()));
            }
            else
            {
                return null;
            }
        }
        else
        {
            return null;
        }

        if (forwarded == 0)
        {
            return null;
        }

        onlyForwards = forwarded == 1 && result.Count == 1;
        return result;
    }

    /// <summary>
    /// Translates <paramref name="statements"/> (which must be in the tree the model was built for) into
    /// <paramref name="result"/>; false when one of them cannot be kept as is.
    /// </summary>
    /// <param name="statements">The statements to translate.</param>
    /// <param name="mapArguments">Maps the inner sync call's argument list to the async call's.</param>
    /// <param name="result">Receives the translated statements.</param>
    /// <param name="forwarded">Incremented for every translated inner call.</param>
    public bool TranslateStatements(IEnumerable<StatementSyntax> statements, Func<ArgumentListSyntax, ArgumentListSyntax?> mapArguments, List<StatementSyntax> result, ref int forwarded)
    {
        foreach (var statement in statements)
        {
            var translated = TranslateStatement(statement, mapArguments, ref forwarded);
            if (translated is null)
            {
                return false;
            }

            result.Add(translated);
        }

        return true;
    }

    /// <summary>
    /// One statement, translated: a forwarding call becomes an await; blocks, <c>if</c>/<c>else</c> and
    /// <c>try</c>/<c>catch</c>/<c>finally</c> (where <c>await</c> is allowed) are translated inside; anything else is
    /// kept only when it does not touch the inner object. Null when the statement cannot be translated.
    /// </summary>
    private StatementSyntax? TranslateStatement(StatementSyntax statement, Func<ArgumentListSyntax, ArgumentListSyntax?> mapArguments, ref int forwarded)
    {
        switch (statement)
        {
            case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation }:
                var call = TryTranslateForwardingCall(invocation, mapArguments, statement.GetLeadingTrivia(), statement.GetTrailingTrivia());
                if (call is not null)
                {
                    forwarded++;
                    return call;
                }

                break;
            case BlockSyntax block:
                return TranslateBlock(block, mapArguments, ref forwarded);
            case IfStatementSyntax ifStatement when CanKeep(ifStatement.Condition):
                var then = TranslateStatement(ifStatement.Statement, mapArguments, ref forwarded);
                if (then is null)
                {
                    return null;
                }

                if (ifStatement.Else is null)
                {
                    return ifStatement.WithStatement(then);
                }

                var otherwise = TranslateStatement(ifStatement.Else.Statement, mapArguments, ref forwarded);
                return otherwise is null ? null : ifStatement.WithStatement(then).WithElse(ifStatement.Else.WithStatement(otherwise));
            case TryStatementSyntax tryStatement:
                var tryBlock = TranslateBlock(tryStatement.Block, mapArguments, ref forwarded);
                if (tryBlock is null)
                {
                    return null;
                }

                var catches = new List<CatchClauseSyntax>(tryStatement.Catches.Count);
                foreach (var catchClause in tryStatement.Catches)
                {
                    if (catchClause.Filter is not null && !CanKeep(catchClause.Filter))
                    {
                        return null;
                    }

                    var catchBlock = TranslateBlock(catchClause.Block, mapArguments, ref forwarded);
                    if (catchBlock is null)
                    {
                        return null;
                    }

                    catches.Add(catchClause.WithBlock(catchBlock));
                }

                var result = tryStatement.WithBlock(tryBlock).WithCatches(SyntaxFactory.List(catches));
                if (tryStatement.Finally is not null)
                {
                    var finallyBlock = TranslateBlock(tryStatement.Finally.Block, mapArguments, ref forwarded);
                    if (finallyBlock is null)
                    {
                        return null;
                    }

                    result = result.WithFinally(tryStatement.Finally.WithBlock(finallyBlock));
                }

                return result;
        }

        return CanKeep(statement) ? statement : null;
    }

    private BlockSyntax? TranslateBlock(BlockSyntax block, Func<ArgumentListSyntax, ArgumentListSyntax?> mapArguments, ref int forwarded)
    {
        var statements = new List<StatementSyntax>(block.Statements.Count);
        return TranslateStatements(block.Statements, mapArguments, statements, ref forwarded)
            ? block.WithStatements(SyntaxFactory.List(statements))
            : null;
    }

    /// <summary>True when the code in <paramref name="node"/> has compiler errors (always false when the translator does not check them).</summary>
    public bool HasErrors(SyntaxNode node) => _checkErrors && CompileErrors.In(_model, node, _cancellationToken);

    /// <summary>The inner call of a single forwarding statement, as <c>inner.XAsync(args)</c> without the await, for expression bodies.</summary>
    public static InvocationExpressionSyntax? GetAwaitedCall(StatementSyntax statement)
        => statement is ExpressionStatementSyntax
        {
            Expression: AwaitExpressionSyntax
            {
                Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax call } }
            }
        }
            ? call
            : null;

    /// <summary>True when <paramref name="invocation"/> calls the inner's <paramref name="slot"/> member on an object of the inner type other than <c>this</c>.</summary>
    public static bool IsInnerCall(SemanticModel model, InvocationExpressionSyntax invocation, INamedTypeSymbol innerType, IMethodSymbol? slot, CancellationToken cancellationToken)
        => IsInnerCall(model, invocation, innerType, slot is null ? null : new[] { slot }, cancellationToken);

    /// <summary>True when <paramref name="invocation"/> calls one of <paramref name="slots"/> (any member when null) on an object of the inner type other than <c>this</c>.</summary>
    public static bool IsInnerCall(SemanticModel model, InvocationExpressionSyntax invocation, INamedTypeSymbol innerType, IMethodSymbol[]? slots, CancellationToken cancellationToken)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax memberAccess
            || memberAccess.Expression is ThisExpressionSyntax or BaseExpressionSyntax
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return false;
        }

        if (slots is not null)
        {
            var root = SymbolFacts.Root(method);
            var matches = false;
            foreach (var slot in slots)
            {
                matches |= SymbolEqualityComparer.Default.Equals(root, slot);
            }

            if (!matches)
            {
                return false;
            }
        }

        var receiverType = model.GetTypeInfo(memberAccess.Expression, cancellationToken).Type;
        return SymbolFacts.IsOfType(receiverType, innerType);
    }

    private StatementSyntax? TryTranslateForwardingCall(InvocationExpressionSyntax invocation, Func<ArgumentListSyntax, ArgumentListSyntax?> mapArguments, SyntaxTriviaList leading, SyntaxTriviaList trailing)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax memberAccess
            || !IsInnerCall(_model, invocation, _innerType, _syncSlots, _cancellationToken))
        {
            return null;
        }

        var arguments = mapArguments(invocation.ArgumentList);
        if (arguments is null)
        {
            return null;
        }

        var asyncCall = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                memberAccess.Expression.WithoutTrivia(),
                SyntaxFactory.IdentifierName(_asyncName)),
            arguments);
        var configured = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, asyncCall, SyntaxFactory.IdentifierName("ConfigureAwait")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))));
        return SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(configured))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(trailing);
    }

    private bool CanKeep(SyntaxNode statement)
    {
        foreach (var node in statement.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                case RefExpressionSyntax or RefTypeSyntax:
                case UnsafeStatementSyntax or FixedStatementSyntax:
                case AwaitExpressionSyntax or YieldStatementSyntax:
                    return false;
                case IdentifierNameSyntax identifier when _reservedName is not null && identifier.Identifier.ValueText == _reservedName:
                    return false;
                case InvocationExpressionSyntax invocation when IsInnerCall(_model, invocation, _innerType, slots: null, _cancellationToken):
                    return false;
                case InvocationExpressionSyntax invocation when _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is null:
                    // Unresolved (broken) code: do not guess.
                    return false;
                case IdentifierNameSyntax name when _model.GetTypeInfo(name, _cancellationToken).Type is IErrorTypeSymbol:
                    return false;
                case VariableDeclaratorSyntax or SingleVariableDesignationSyntax:
                    if (_model.GetDeclaredSymbol(node, _cancellationToken) is ILocalSymbol { Type.IsRefLikeType: true } or ILocalSymbol { IsRef: true })
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>The sync call's arguments when they are the method's own parameters in order, plus <c>cancellationToken</c> (else null).</summary>
    public static ArgumentListSyntax? SameArgumentsPlusToken(ArgumentListSyntax arguments, string[] parameterNames)
    {
        if (arguments.Arguments.Count != parameterNames.Length)
        {
            return null;
        }

        for (var i = 0; i < parameterNames.Length; i++)
        {
            var argument = arguments.Arguments[i];
            if (argument.NameColon is not null
                || !argument.RefKindKeyword.IsKind(SyntaxKind.None)
                || argument.Expression is not IdentifierNameSyntax identifier
                || identifier.Identifier.ValueText != parameterNames[i])
            {
                return null;
            }
        }

        return SyntaxFactory.ArgumentList(arguments.Arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName("cancellationToken"))));
    }

    /// <summary><c>(cancellationToken)</c>.</summary>
    public static ArgumentListSyntax TokenOnly()
        => SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName("cancellationToken"))));
}
