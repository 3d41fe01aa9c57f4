using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// The plan of a re-base: which symbols stand for the wrapped instance, which members only forward (deleted), which have
/// their own logic (kept as overrides calling base), and which routers keep the class's logic on the base's paths.
/// </summary>
internal static partial class DelegatingBaseRebase
{
    private static bool HasExpectedBase(INamedTypeSymbol type, DelegatingBaseKind kind, INamedTypeSymbol innerType)
        => kind == DelegatingBaseKind.BodyFeature
            ? type.BaseType?.SpecialType == SpecialType.System_Object && type.Interfaces.Contains(innerType, SymbolEqualityComparer.Default)
            : SymbolEqualityComparer.Default.Equals(type.BaseType, innerType);

    private static bool FindInner(Plan plan, SemanticModel model, CancellationToken cancellationToken)
    {
        var declaration = plan.Declaration;
        if (declaration.ParameterList is { } parameters)
        {
            // Primary constructor: the parameter of the wrapped type goes to the base; members keep using it or a field over it.
            foreach (var parameter in parameters.Parameters)
            {
                if (model.GetDeclaredSymbol(parameter, cancellationToken) is { } symbol && SymbolEqualityComparer.Default.Equals(symbol.Type, plan.InnerType))
                {
                    plan.PrimaryParameter = parameter.Identifier.ValueText;
                    plan.Inner.Add(symbol);
                    break;
                }
            }

            if (plan.PrimaryParameter is null)
            {
                return false;
            }

            // private readonly Stream _inner = inner;
            foreach (var field in declaration.Members.OfType<FieldDeclarationSyntax>())
            {
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer?.Value is IdentifierNameSyntax { Identifier.ValueText: var name } && name == plan.PrimaryParameter
                        && model.GetDeclaredSymbol(variable, cancellationToken) is { } fieldSymbol)
                    {
                        plan.Inner.Add(fieldSymbol);
                    }
                }
            }

            return !declaration.Members.OfType<ConstructorDeclarationSyntax>().Any(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword) && c.Initializer is null);
        }

        var constructors = declaration.Members.OfType<ConstructorDeclarationSyntax>().Where(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword)).ToList();
        if (constructors.Count == 0)
        {
            return false;
        }

        foreach (var constructor in constructors)
        {
            if (constructor.Initializer is not null)
            {
                return false;
            }

            // _inner = inner; or _inner = inner ?? throw ...;
            string? argument = null;
            foreach (var assignment in constructor.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                var value = assignment.Right is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce ? coalesce.Left : assignment.Right;
                if (value is IdentifierNameSyntax identifier
                    && model.GetSymbolInfo(identifier, cancellationToken).Symbol is IParameterSymbol parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.Type, plan.InnerType)
                    && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is { } target and (IFieldSymbol or IPropertySymbol)
                    && SymbolEqualityComparer.Default.Equals(target.ContainingType, plan.Type))
                {
                    plan.Inner.Add(target);
                    plan.InnerAssignments.Add(assignment);
                    argument = identifier.Identifier.ValueText;
                    break;
                }
            }

            if (argument is null)
            {
                return false;
            }

            plan.ConstructorArguments[constructor] = argument;
        }

        return true;
    }

    /// <summary>Decides what happens to one member; false when the class cannot be re-based safely.</summary>
    private static bool ClassifyMember(Plan plan, MemberDeclarationSyntax member, SemanticModel model, CancellationToken cancellationToken)
    {
        var symbol = model.GetDeclaredSymbol(member, cancellationToken);
        if (symbol is null || !IsBaseSlot(plan, symbol, out var slotName))
        {
            return true;
        }

        if (Forwards(plan, member, model, cancellationToken) || DropsCapability(plan, member, model, cancellationToken))
        {
            plan.Deleted.Add(member);
            return true;
        }

        if (member is MethodDeclarationSyntax { ExplicitInterfaceSpecifier: not null } or PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: not null })
        {
            // An explicit implementation with its own logic: no safe override to turn it into.
            return false;
        }

        if (plan.Kind == DelegatingBaseKind.BodyFeature && symbol.DeclaredAccessibility != Accessibility.Public)
        {
            return false;
        }

        plan.Kept[member] = slotName;
        return true;
    }

    /// <summary>True when <paramref name="symbol"/> fills a slot the delegating base overrides (or, for a feature, implements).</summary>
    private static bool IsBaseSlot(Plan plan, ISymbol symbol, out string name)
    {
        name = symbol.Name;
        if (plan.Kind == DelegatingBaseKind.BodyFeature)
        {
            foreach (var interfaceMember in plan.InnerType.GetMembers())
            {
                if (SymbolEqualityComparer.Default.Equals(plan.Type.FindImplementationForInterfaceMember(interfaceMember), symbol))
                {
                    name = interfaceMember.Name;
                    return true;
                }
            }

            return false;
        }

        // Members the delegating base does not override (or overrides with routing of its own) stay as they are.
        return symbol.IsOverride && !symbol.IsSealed
            && symbol.Name is not ("Close" or "CopyTo" or "CopyToAsync" or "AsStream" or "DisposeAsync" or "EndWrite" or "EndRead" or "BeginWrite" or "BeginRead" or "ReadTimeout" or "WriteTimeout" or "ToString" or "Equals" or "GetHashCode");
    }

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

    private static bool IsInnerReference(Plan plan, ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        if (expression is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed)
        {
            expression = suppressed.Operand;
        }

        if (expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } thisAccess)
        {
            expression = thisAccess.Name;
        }

        return expression is IdentifierNameSyntax
            && model.GetSymbolInfo(expression, cancellationToken).Symbol is { } symbol
            && plan.Inner.Contains(symbol);
    }

    /// <summary>
    /// A kept member must do its own work and then reach the same member of the wrapped instance with all its arguments
    /// (it becomes a call to base): otherwise the class buffers, adapts or refuses on its own, the base's forwarding of the
    /// members around it would not match, and the capability the rule reports would stay lost. Constant answers of a
    /// write-only stream (<c>CanRead =&gt; false</c>, <c>Read =&gt; throw</c>) and a feature's own <c>Stream</c> are fine.
    /// A wrapped instance that may be null cannot go to a base that requires one.
    /// </summary>
    private static bool KeptMembersStillReachTheInner(Plan plan, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var symbol in plan.Inner)
        {
            var type = symbol switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                IParameterSymbol parameter => parameter.Type,
                _ => null,
            };
            if (type?.NullableAnnotation == NullableAnnotation.Annotated || symbol is IParameterSymbol { HasExplicitDefaultValue: true })
            {
                return false;
            }
        }

        foreach (var constructor in plan.ConstructorArguments.Keys)
        {
            if (model.GetDeclaredSymbol(constructor, cancellationToken) is { } constructorSymbol
                && constructorSymbol.Parameters.Any(p => p.Name == plan.ConstructorArguments[constructor] && (p.HasExplicitDefaultValue || p.NullableAnnotation == NullableAnnotation.Annotated)))
            {
                return false;
            }
        }

        if (plan.Declaration.DescendantNodes().OfType<ConditionalAccessExpressionSyntax>().Any(c => IsInnerReference(plan, c.Expression, model, cancellationToken)))
        {
            return false;
        }

        foreach (var pair in plan.Kept)
        {
            var member = pair.Key;
            var name = pair.Value;
            if (plan.Kind == DelegatingBaseKind.BodyFeature && name == "Stream"
                || plan.Kind == DelegatingBaseKind.Stream && name is "CanRead" or "CanSeek" or "CanWrite" or "CanTimeout" or "Length" or "Position" or "Seek" or "SetLength" or "Read" or "ReadByte" or "ReadAsync"
                || OnlyThrows(member) && plan.Kind == DelegatingBaseKind.Stream)
            {
                continue;
            }

            var parameterCount = member is MethodDeclarationSyntax method ? method.ParameterList.Parameters.Count : 0;
            var reaches = member.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Any(access =>
                access.Name.Identifier.ValueText == name
                && IsInnerReference(plan, access.Expression, model, cancellationToken)
                && (access.Parent is not InvocationExpressionSyntax invocation || invocation.ArgumentList.Arguments.Count == parameterCount));
            if (!reaches)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Where the base forwards a member straight to the inner instance while the original base routed it through the class's
    /// own members, a router keeps the class's logic on that path; where no router is safe, the action is not offered.
    /// </summary>
    private static bool AddRouters(Plan plan)
    {
        var kept = new HashSet<string>(plan.Kept.Values);
        var keptSignatures = new HashSet<string>(plan.Kept.Keys.Select(Signature));
        if (plan.Kind == DelegatingBaseKind.PipeWriter)
        {
            if ((kept.Contains("Advance") || kept.Contains("GetMemory") || kept.Contains("GetSpan") || kept.Contains("FlushAsync")) && !kept.Contains("WriteAsync"))
            {
                // PipeWriter's own WriteAsync writes through GetSpan/Advance/FlushAsync; keep it that way.
                plan.Routers.Add("public override System.Threading.Tasks.ValueTask<System.IO.Pipelines.FlushResult> WriteAsync(System.ReadOnlyMemory<byte> source, System.Threading.CancellationToken cancellationToken = default)\n{\n    System.Buffers.BuffersExtensions.Write(this, source.Span);\n    return FlushAsync(cancellationToken);\n}");
            }

            return !(kept.Contains("Complete") && !kept.Contains("CompleteAsync"));
        }

        if (plan.Kind == DelegatingBaseKind.Stream)
        {
            var writeArray = keptSignatures.Contains("Write/3");
            var writeAsyncArray = keptSignatures.Contains("WriteAsync/4");
            var anyWrite = writeArray || writeAsyncArray || keptSignatures.Contains("Write/1") || keptSignatures.Contains("WriteByte/1") || keptSignatures.Contains("WriteAsync/2");
            if (anyWrite)
            {
                // Stream's own span/byte/memory writes end in the array overloads; both must carry the logic.
                if (!writeArray || !writeAsyncArray)
                {
                    return false;
                }

                if (!keptSignatures.Contains("Write/1"))
                {
                    plan.Routers.Add("public override void Write(System.ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);");
                }

                if (!keptSignatures.Contains("WriteByte/1"))
                {
                    plan.Routers.Add("public override void WriteByte(byte value) => Write(new[] { value }, 0, 1);");
                }

                if (!keptSignatures.Contains("WriteAsync/2"))
                {
                    plan.Routers.Add("public override System.Threading.Tasks.ValueTask WriteAsync(System.ReadOnlyMemory<byte> buffer, System.Threading.CancellationToken cancellationToken = default)\n    => new(WriteAsync(buffer.ToArray(), 0, buffer.Length, cancellationToken));");
                }
            }

            var anyRead = keptSignatures.Any(s => s.StartsWith("Read", System.StringComparison.Ordinal));
            if (anyRead && !(keptSignatures.Contains("Read/3") && keptSignatures.Contains("Read/1") && keptSignatures.Contains("ReadAsync/4") && keptSignatures.Contains("ReadAsync/2") && keptSignatures.Contains("ReadByte/0")))
            {
                // A read override with its own logic would be bypassed by the base's other read overloads (unless it only refuses).
                if (plan.Kept.Where(p => p.Value.StartsWith("Read", System.StringComparison.Ordinal)).Any(p => !OnlyThrows(p.Key)))
                {
                    return false;
                }
            }

            return !(kept.Contains("Flush") && !kept.Contains("FlushAsync"));
        }

        return true;
    }

    private static bool OnlyThrows(MemberDeclarationSyntax member)
        => member is MethodDeclarationSyntax method
            && (method.ExpressionBody?.Expression is ThrowExpressionSyntax || method.Body is { Statements.Count: 1 } && method.Body.Statements[0] is ThrowStatementSyntax);

    private static string Signature(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => method.Identifier.ValueText + "/" + method.ParameterList.Parameters.Count,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        _ => string.Empty,
    };

    private sealed class Plan
    {
        public Plan(ClassDeclarationSyntax declaration, INamedTypeSymbol type, INamedTypeSymbol innerType, DelegatingBaseKind kind)
        {
            Declaration = declaration;
            Type = type;
            InnerType = innerType;
            Kind = kind;
        }

        public ClassDeclarationSyntax Declaration { get; }

        public INamedTypeSymbol Type { get; }

        public INamedTypeSymbol InnerType { get; }

        public DelegatingBaseKind Kind { get; }

        /// <summary>The symbols that stand for the wrapped instance (field, property, primary-constructor parameter).</summary>
        public HashSet<ISymbol> Inner { get; } = new(SymbolEqualityComparer.Default);

        public List<AssignmentExpressionSyntax> InnerAssignments { get; } = new();

        public string? PrimaryParameter { get; set; }

        public Dictionary<ConstructorDeclarationSyntax, string> ConstructorArguments { get; } = new();

        public List<MemberDeclarationSyntax> Deleted { get; } = new();

        /// <summary>Members with their own logic that stay, with the base slot they fill.</summary>
        public Dictionary<MemberDeclarationSyntax, string> Kept { get; } = new();

        public List<string> Routers { get; } = new();
    }
}
