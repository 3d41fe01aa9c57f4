using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <content>Recognizing members that only forward to the wrapped instance, or drop a capability, so the base can take them over.</content>
internal static partial class DelegatingBaseShape
{
    /// <summary>The member's whole body hands its own parameters (or fewer: a dropped argument the base passes on) to the same member of the wrapped instance.</summary>
    private static bool Forwards(Plan plan, MemberDeclarationSyntax member, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (member)
        {
            case MethodDeclarationSyntax method:
                var expression = SingleExpression(method.Body, method.ExpressionBody);
                return expression is not null && IsInnerCall(plan, Strip(expression), method.Identifier.ValueText, method.ParameterList, model, cancellationToken);

            case PropertyDeclarationSyntax property:
                if (property.ExpressionBody is not null)
                {
                    return IsInnerMember(plan, Strip(property.ExpressionBody.Expression), property.Identifier.ValueText, model, cancellationToken);
                }

                if (property.AccessorList is null || property.AccessorList.Accessors.Any(a => a.Body is null && a.ExpressionBody is null))
                {
                    return false;
                }

                foreach (var accessor in property.AccessorList.Accessors)
                {
                    var body = SingleExpression(accessor.Body, accessor.ExpressionBody);
                    var forwards = accessor.Keyword.ValueText == "get"
                        ? body is not null && IsInnerMember(plan, Strip(body), property.Identifier.ValueText, model, cancellationToken)
                        : body is AssignmentExpressionSyntax { Right: IdentifierNameSyntax { Identifier.ValueText: "value" } } set
                            && IsInnerMember(plan, set.Left, property.Identifier.ValueText, model, cancellationToken);
                    if (!forwards)
                    {
                        return false;
                    }
                }

                return true;

            default:
                return false;
        }
    }

    /// <summary>Members that are SNOOP004/006 findings with nothing of their own: empty (features), <c>NotImplementedException</c>, a send-file copy.</summary>
    private static bool DropsCapability(Plan plan, MemberDeclarationSyntax member, SemanticModel model, CancellationToken cancellationToken)
    {
        if (plan.Kind == DelegatingBaseKind.Stream)
        {
            return false;
        }

        var (body, arrow) = member switch
        {
            MethodDeclarationSyntax method => (method.Body, method.ExpressionBody),
            PropertyDeclarationSyntax { ExpressionBody: { } propertyArrow } => (null, propertyArrow),
            PropertyDeclarationSyntax { AccessorList.Accessors.Count: 1 } getterOnly => (getterOnly.AccessorList!.Accessors[0].Body, getterOnly.AccessorList.Accessors[0].ExpressionBody),
            _ => (null, null),
        };
        if (plan.Kind == DelegatingBaseKind.BodyFeature && body is { Statements.Count: 0 } && member is MethodDeclarationSyntax { ReturnType: PredefinedTypeSyntax { Keyword.ValueText: "void" } })
        {
            return true;
        }

        var thrown = arrow?.Expression switch
        {
            ThrowExpressionSyntax throwExpression => throwExpression.Expression,
            _ => body is { Statements.Count: 1 } && body.Statements[0] is ThrowStatementSyntax { Expression: { } statementThrown } ? statementThrown : null,
        };
        if (thrown is not null)
        {
            return model.GetTypeInfo(thrown, cancellationToken).Type is { Name: "NotImplementedException" };
        }

        // SendFileAsync copying through SendFileFallback while the inner can send files.
        var single = SingleExpression(body, arrow);
        return plan.Kind == DelegatingBaseKind.BodyFeature
            && single is not null
            && Strip(single) is InvocationExpressionSyntax invocation
            && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ContainingType.Name: "SendFileFallback" };
    }

    private static ExpressionSyntax? SingleExpression(BlockSyntax? body, ArrowExpressionClauseSyntax? arrow)
    {
        if (arrow is not null)
        {
            return arrow.Expression;
        }

        if (body is not { Statements.Count: 1 })
        {
            return null;
        }

        return body.Statements[0] switch
        {
            ExpressionStatementSyntax statement => statement.Expression,
            ReturnStatementSyntax { Expression: { } returned } => returned,
            _ => null,
        };
    }

    /// <summary>Removes <c>await</c> and <c>.ConfigureAwait(...)</c>.</summary>
    private static ExpressionSyntax Strip(ExpressionSyntax expression)
    {
        for (var i = 0; i < 4; i++)
        {
            switch (expression)
            {
                case AwaitExpressionSyntax awaited:
                    expression = awaited.Expression;
                    break;
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    break;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var awaitedCall } }:
                    expression = awaitedCall;
                    break;
                default:
                    return expression;
            }
        }

        return expression;
    }

    private static bool IsInnerCall(Plan plan, ExpressionSyntax expression, string name, ParameterListSyntax parameters, SemanticModel model, CancellationToken cancellationToken)
    {
        if (expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
            || !IsInnerMember(plan, access, name, model, cancellationToken))
        {
            return false;
        }

        var arguments = invocation.ArgumentList.Arguments;
        if (arguments.Count > parameters.Parameters.Count)
        {
            return false;
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument.NameColon is not null || argument.RefKindKeyword.RawKind != 0)
            {
                return false;
            }

            var same = argument.Expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == parameters.Parameters[i].Identifier.ValueText;
            var dropped = argument.Expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression or (int)SyntaxKind.DefaultLiteralExpression };
            if (!same && !dropped)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsInnerMember(Plan plan, ExpressionSyntax expression, string name, SemanticModel model, CancellationToken cancellationToken)
        => expression is MemberAccessExpressionSyntax access
            && access.Name.Identifier.ValueText == name
            && IsInnerReference(plan, access.Expression, model, cancellationToken);

    internal static bool IsInnerReference(Plan plan, ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        expression = OperationFacts.WithoutSuppression(expression);
        if (expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } thisAccess)
        {
            expression = thisAccess.Name;
        }

        return expression is IdentifierNameSyntax
            && model.GetSymbolInfo(expression, cancellationToken).Symbol is { } symbol
            && plan.Inner.Contains(symbol);
    }
}
