using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// Turns the body of a synchronous forwarding override (<c>Write</c>, <c>Flush</c>, <c>Complete</c>) into the body of
/// its async counterpart: top-level statements that call the inner object's synchronous member with the method's
/// own arguments become <c>await inner.XAsync(...).ConfigureAwait(false);</c>, every other statement is kept as is.
/// </summary>
/// <remarks>
/// The translation refuses (returns null) whenever it cannot be sure the result compiles and behaves the same:
/// the inner call is nested (in an <c>if</c>, <c>try</c>, loop...), another statement uses a member of the inner
/// type, a statement declares a ref-like or ref local, uses <c>stackalloc</c>, <c>unsafe</c> or <c>fixed</c>, or
/// already mentions the name of the parameter the async method adds.
/// </remarks>
internal sealed class AsyncBodyTranslator
{
    private readonly SemanticModel _model;
    private readonly INamedTypeSymbol _innerType;
    private readonly IMethodSymbol _syncSlot;
    private readonly string _asyncName;
    private readonly string? _reservedName;
    private readonly CancellationToken _cancellationToken;

    /// <param name="model">The semantic model of the document holding the sync method.</param>
    /// <param name="innerType">The wrapped type (<c>Stream</c>, <c>PipeWriter</c>).</param>
    /// <param name="syncSlot">The root definition of the inner's sync member the statements call (for example <c>Stream.Write(byte[], int, int)</c>).</param>
    /// <param name="asyncName">The name of the inner's async member to await instead.</param>
    /// <param name="reservedName">The name of a parameter the async method adds (<c>cancellationToken</c>), which the kept statements must not mention.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public AsyncBodyTranslator(SemanticModel model, INamedTypeSymbol innerType, IMethodSymbol syncSlot, string asyncName, string? reservedName, CancellationToken cancellationToken)
    {
        _model = model;
        _innerType = innerType;
        _syncSlot = syncSlot;
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

        foreach (var diagnostic in _model.GetDiagnostics(syncMethod.Span, _cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                // Do not build on code that does not compile.
                return null;
            }
        }

        var result = new List<StatementSyntax>();
        var forwarded = 0;
        if (syncMethod.Body is not null)
        {
            foreach (var statement in syncMethod.Body.Statements)
            {
                var translated = statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation }
                    ? TryTranslateForwardingCall(invocation, mapArguments, statement.GetLeadingTrivia(), statement.GetTrailingTrivia())
                    : null;
                if (translated is not null)
                {
                    result.Add(translated);
                    forwarded++;
                    continue;
                }

                if (!CanKeep(statement))
                {
                    return null;
                }

                result.Add(statement);
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
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax memberAccess
            || memberAccess.Expression is ThisExpressionSyntax or BaseExpressionSyntax
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return false;
        }

        if (slot is not null && !SymbolEqualityComparer.Default.Equals(WrapperFacts.Root(method), slot))
        {
            return false;
        }

        var receiverType = model.GetTypeInfo(memberAccess.Expression, cancellationToken).Type;
        return IsInnerType(receiverType, innerType);
    }

    private StatementSyntax? TryTranslateForwardingCall(InvocationExpressionSyntax invocation, Func<ArgumentListSyntax, ArgumentListSyntax?> mapArguments, SyntaxTriviaList leading, SyntaxTriviaList trailing)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax memberAccess
            || !IsInnerCall(_model, invocation, _innerType, _syncSlot, _cancellationToken))
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
                case InvocationExpressionSyntax invocation when IsInnerCall(_model, invocation, _innerType, slot: null, _cancellationToken):
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

    private static bool IsInnerType(ITypeSymbol? type, INamedTypeSymbol innerType)
    {
        if (type is ITypeParameterSymbol typeParameter)
        {
            foreach (var constraint in typeParameter.ConstraintTypes)
            {
                if (IsInnerType(constraint, innerType))
                {
                    return true;
                }
            }

            return false;
        }

        return KnownTypes.InheritsFromOrEquals(type, innerType);
    }
}
