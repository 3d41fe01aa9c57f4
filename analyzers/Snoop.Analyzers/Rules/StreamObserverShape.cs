using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// Whether a <c>ResponseObserver</c> can be generated from an observing <c>Stream</c> wrapper (SNOOP007's observer fix), and
/// the pieces it is made of: the per-write logic of the wrapper's <c>Write(ReadOnlySpan&lt;byte&gt;)</c> and the wrapper's
/// other members without the wrapped stream. Only when that is provably the same logic: every other write override does the
/// same things (the same members called and assigned) or only passes its bytes on, and nothing kept touches the stream.
/// The analyzer reads it (fixable or not, for a reported observing wrapper only); the fixer builds the class from it.
/// </summary>
internal sealed class StreamObserverShape
{
    private StreamObserverShape(string name, ClassDeclarationSyntax wrapper, MethodDeclarationSyntax spanWrite, List<StatementSyntax> onWrite, List<MemberDeclarationSyntax> kept, HashSet<string> members, int innerOrdinal, List<ParameterSyntax>? primaryParameters)
    {
        Name = name;
        Wrapper = wrapper;
        SpanWrite = spanWrite;
        OnWrite = onWrite;
        Kept = kept;
        Members = members;
        InnerOrdinal = innerOrdinal;
        PrimaryParameters = primaryParameters;
    }

    /// <summary>The observer's name.</summary>
    public string Name { get; }

    /// <summary>The wrapper's declaration (the observer goes after it).</summary>
    public ClassDeclarationSyntax Wrapper { get; }

    /// <summary>The wrapper's <c>Write(ReadOnlySpan&lt;byte&gt;)</c> override.</summary>
    public MethodDeclarationSyntax SpanWrite { get; }

    /// <summary>The statements of that override besides its pass-through: the observer's <c>OnWrite</c>.</summary>
    public List<StatementSyntax> OnWrite { get; }

    /// <summary>The members the observer keeps (constructors rebuilt without the stream).</summary>
    public List<MemberDeclarationSyntax> Kept { get; }

    /// <summary>The names of the members a caller may still use on the observer.</summary>
    public HashSet<string> Members { get; }

    /// <summary>The position of the wrapped stream among the constructor's parameters (dropped at the install site).</summary>
    public int InnerOrdinal { get; }

    /// <summary>The primary constructor's parameters without the stream, when it has others; null otherwise.</summary>
    public List<ParameterSyntax>? PrimaryParameters { get; }

    public static StreamObserverShape? TryRead(INamedTypeSymbol wrapperType, IMethodSymbol constructor, SemanticModel model, CancellationToken cancellationToken)
    {
        var stream = KnownTypes.Create(model.Compilation).Stream;
        if (stream is null || wrapperType.DeclaringSyntaxReferences.Length != 1 || wrapperType.IsGenericType
            || wrapperType.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ClassDeclarationSyntax wrapper
            || wrapper.SyntaxTree != model.SyntaxTree
            || wrapper.Modifiers.Any(SyntaxKind.PartialKeyword) || wrapper.Modifiers.Any(SyntaxKind.AbstractKeyword))
        {
            return null;
        }

        var innerOrdinal = -1;
        foreach (var parameter in constructor.Parameters)
        {
            if (KnownTypes.InheritsFromOrEquals(parameter.Type, stream))
            {
                if (innerOrdinal >= 0)
                {
                    return null;
                }

                innerOrdinal = parameter.Ordinal;
            }
        }

        if (innerOrdinal < 0)
        {
            return null;
        }

        // What stands for the wrapped stream: the Stream constructor parameters and the Stream fields/properties.
        var inner = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var member in wrapperType.GetMembers())
        {
            if (member is IFieldSymbol { IsImplicitlyDeclared: false } field && KnownTypes.InheritsFromOrEquals(field.Type, stream)
                || member is IPropertySymbol property && KnownTypes.InheritsFromOrEquals(property.Type, stream))
            {
                inner.Add(member);
            }
        }

        foreach (var instanceConstructor in wrapperType.InstanceConstructors)
        {
            foreach (var parameter in instanceConstructor.Parameters)
            {
                if (KnownTypes.InheritsFromOrEquals(parameter.Type, stream))
                {
                    inner.Add(parameter);
                }
            }
        }

        MethodDeclarationSyntax? spanWrite = null;
        var otherWrites = new List<MethodDeclarationSyntax>();
        var keptMembers = new List<MemberDeclarationSyntax>();
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var member in wrapper.Members)
        {
            var symbol = model.GetDeclaredSymbol(member, cancellationToken);
            switch (member)
            {
                case MethodDeclarationSyntax method when method.Modifiers.Any(SyntaxKind.OverrideKeyword):
                    if (method.Identifier.ValueText == "Write" && method.ParameterList.Parameters.Count == 1
                        && symbol is IMethodSymbol { Parameters.Length: 1 } spanMethod && spanMethod.Parameters[0].Type is INamedTypeSymbol { Name: "ReadOnlySpan" })
                    {
                        spanWrite = method;
                    }
                    else if (method.Identifier.ValueText is "Write" or "WriteAsync" or "WriteByte" or "BeginWrite")
                    {
                        otherWrites.Add(method);
                    }

                    break;
                case PropertyDeclarationSyntax property when property.Modifiers.Any(SyntaxKind.OverrideKeyword):
                case BaseMethodDeclarationSyntax when member.Modifiers.Any(SyntaxKind.OverrideKeyword):
                    break;
                case ConstructorDeclarationSyntax ctor:
                    if (ctor.Initializer is not null || ctor.Modifiers.Any(SyntaxKind.StaticKeyword) || RebuildConstructor(ctor, inner, model, cancellationToken) is not { } rebuilt)
                    {
                        return null;
                    }

                    keptMembers.Add(rebuilt);
                    break;
                case FieldDeclarationSyntax field when field.Declaration.Variables.Any(v => model.GetDeclaredSymbol(v, cancellationToken) is { } f && inner.Contains(f)):
                    if (field.Declaration.Variables.Count != 1)
                    {
                        return null;
                    }

                    break;
                case PropertyDeclarationSyntax property when symbol is not null && inner.Contains(symbol):
                    break;
                case FieldDeclarationSyntax or PropertyDeclarationSyntax or MethodDeclarationSyntax:
                    if (References(member, inner, stream, model, cancellationToken))
                    {
                        return null;
                    }

                    keptMembers.Add(member);
                    foreach (var name in DeclaredNames(member))
                    {
                        names.Add(name);
                    }

                    break;
                default:
                    return null;
            }
        }

        if (spanWrite is null || Split(spanWrite, inner, stream, model, cancellationToken) is not { } side)
        {
            return null;
        }

        // The other write paths must do the same things, or only pass the bytes on (to the inner stream or to this class's writes).
        var observed = Observed(side, model, cancellationToken);
        foreach (var other in otherWrites)
        {
            if (Split(other, inner, stream, model, cancellationToken) is not { } otherSide)
            {
                return null;
            }

            var otherObserved = Observed(otherSide, model, cancellationToken);
            if (otherSide.Count > 0 && !otherObserved.SetEquals(observed))
            {
                return null;
            }
        }

        var observerName = wrapper.Identifier.ValueText.EndsWith("Stream", System.StringComparison.Ordinal)
            ? wrapper.Identifier.ValueText.Substring(0, wrapper.Identifier.ValueText.Length - "Stream".Length) + "Observer"
            : wrapper.Identifier.ValueText + "Observer";
        if (observerName == "Observer" || wrapperType.ContainingNamespace.GetTypeMembers(observerName).Length > 0)
        {
            return null;
        }

        names.Add(observerName);
        var primaryParameters = new List<ParameterSyntax>();
        if (wrapper.ParameterList is { } primary && primary.Parameters.Count > 1)
        {
            primaryParameters.AddRange(primary.Parameters.Where(p => !(model.GetDeclaredSymbol(p, cancellationToken) is { } ps && inner.Contains(ps))));
        }

        return new StreamObserverShape(observerName, wrapper, spanWrite, side, keptMembers, names, innerOrdinal, wrapper.ParameterList is { Parameters.Count: > 1 } ? primaryParameters : null);
    }

    private static IEnumerable<string> DeclaredNames(MemberDeclarationSyntax member) => member switch
    {
        FieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
        PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
        MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
        _ => System.Array.Empty<string>(),
    };

    /// <summary>The constructor without the stream parameter and the statements that kept it; null when it uses the stream otherwise.</summary>
    private static ConstructorDeclarationSyntax? RebuildConstructor(ConstructorDeclarationSyntax ctor, HashSet<ISymbol> inner, SemanticModel model, CancellationToken cancellationToken)
    {
        var parameters = ctor.ParameterList.Parameters.Where(p => !(model.GetDeclaredSymbol(p, cancellationToken) is { } s && inner.Contains(s))).ToList();
        var statements = ctor.Body?.Statements.ToList()
            ?? (ctor.ExpressionBody is { } arrow ? new List<StatementSyntax> { SyntaxFactory.ExpressionStatement(arrow.Expression) } : new List<StatementSyntax>());
        var keptStatements = new List<StatementSyntax>();
        foreach (var statement in statements)
        {
            var touches = statement.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => model.GetSymbolInfo(i, cancellationToken).Symbol is { } s && inner.Contains(s));
            if (!touches)
            {
                keptStatements.Add(statement);
            }
            else if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax })
            {
                return null;
            }
        }

        return ctor.WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(parameters)))
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(SyntaxFactory.Block(keptStatements));
    }

    /// <summary>The statements of a write override besides its one pass-through to the stream; null when anything else touches the stream.</summary>
    private static List<StatementSyntax>? Split(MethodDeclarationSyntax method, HashSet<ISymbol> inner, INamedTypeSymbol stream, SemanticModel model, CancellationToken cancellationToken)
    {
        var statements = method.Body?.Statements.ToList()
            ?? (method.ExpressionBody is { } arrow ? new List<StatementSyntax> { SyntaxFactory.ExpressionStatement(arrow.Expression) } : null);
        if (statements is null)
        {
            return null;
        }

        var side = new List<StatementSyntax>();
        var forwards = 0;
        foreach (var statement in statements)
        {
            var expression = statement switch
            {
                ExpressionStatementSyntax e => e.Expression,
                ReturnStatementSyntax { Expression: { } r } => r,
                _ => null,
            };
            if (expression is AwaitExpressionSyntax awaited)
            {
                expression = awaited.Expression;
            }

            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: InvocationExpressionSyntax configured } })
            {
                expression = configured;
            }

            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call
                && access.Name.Identifier.ValueText is "Write" or "WriteAsync" or "WriteByte"
                && (model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is { } receiver && inner.Contains(receiver) || access.Expression is ThisExpressionSyntax or BaseExpressionSyntax)
                && call.ArgumentList.Arguments.All(a => a.Expression is IdentifierNameSyntax or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.DefaultLiteralExpression }
                    || a.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "AsMemory" } }))
            {
                forwards++;
                continue;
            }

            if (References(statement, inner, stream, model, cancellationToken) || statement.DescendantNodesAndSelf().OfType<AwaitExpressionSyntax>().Any()
                || statement is ReturnStatementSyntax)
            {
                return null;
            }

            side.Add(statement);
        }

        return forwards == 1 ? side : null;
    }

    /// <summary>The members the statements call or assign (names), to compare the logic of two write overloads.</summary>
    private static HashSet<string> Observed(List<StatementSyntax> statements, SemanticModel model, CancellationToken cancellationToken)
    {
        var result = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            foreach (var node in statement.DescendantNodesAndSelf())
            {
                if (node is InvocationExpressionSyntax invocation && model.GetSymbolInfo(invocation, cancellationToken).Symbol is { } called)
                {
                    result.Add("call:" + called.ContainingType?.Name + "." + called.Name);
                }
                else if (node is AssignmentExpressionSyntax assignment && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is { } assigned)
                {
                    result.Add("set:" + assigned.Name);
                }
            }
        }

        return result;
    }

    /// <summary>True when <paramref name="node"/> uses the stream or a member the class inherits from <c>Stream</c>.</summary>
    private static bool References(SyntaxNode node, HashSet<ISymbol> inner, INamedTypeSymbol stream, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var identifier in node.DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
        {
            var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
            if (symbol is null)
            {
                continue;
            }

            if (inner.Contains(symbol) || symbol is not ITypeSymbol && symbol.ContainingType is { } containing && !symbol.IsStatic
                && KnownTypes.InheritsFromOrEquals(stream, containing.OriginalDefinition) && identifier.Parent is not MemberAccessExpressionSyntax { Expression: not ThisExpressionSyntax })
            {
                return true;
            }
        }

        return node.DescendantNodesAndSelf().OfType<BaseExpressionSyntax>().Any();
    }
}
