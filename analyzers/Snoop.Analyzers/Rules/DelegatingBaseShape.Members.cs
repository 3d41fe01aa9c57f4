using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// The plan of a re-base: which symbols stand for the wrapped instance, which members only forward (deleted), which have
/// their own logic (kept as overrides calling base), and which routers keep the class's logic on the base's paths.
/// </summary>
internal static partial class DelegatingBaseShape
{
    /// <summary>Decides what happens to one member; false when the class cannot be re-based safely.</summary>
    private static bool ClassifyMember(Plan plan, MemberDeclarationSyntax member, SemanticModel model, CancellationToken cancellationToken)
    {
        var symbol = model.GetDeclaredSymbol(member, cancellationToken);
        if (plan.Kind == DelegatingBaseKind.Stream && symbol is IMethodSymbol { IsOverride: true } && IsTaskBasedApmWrite(member, model, cancellationToken))
        {
            // DelegatingStream's own BeginWrite/EndWrite: TaskToAsyncResult over the class's WriteAsync.
            plan.Deleted.Add(member);
            return true;
        }

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

    /// <summary>
    /// <c>BeginWrite(buffer, offset, count, callback, state) =&gt; TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state)</c>
    /// or <c>EndWrite(asyncResult) =&gt; TaskToAsyncResult.End(asyncResult)</c> (what SNOOP003's fix generates): exactly
    /// what <c>DelegatingStream</c> does, so the re-base deletes them.
    /// </summary>
    private static bool IsTaskBasedApmWrite(MemberDeclarationSyntax member, SemanticModel model, CancellationToken cancellationToken)
    {
        if (member is not MethodDeclarationSyntax method
            || SingleExpression(method.Body, method.ExpressionBody) is not { } expression
            || Strip(expression) is not InvocationExpressionSyntax call
            || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol target
            || target.ContainingType is not { Name: "TaskToAsyncResult", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } } })
        {
            return false;
        }

        var parameters = method.ParameterList.Parameters;
        var arguments = call.ArgumentList.Arguments;
        bool IsParameter(ExpressionSyntax argument, int index)
            => argument is IdentifierNameSyntax name && index < parameters.Count && name.Identifier.ValueText == parameters[index].Identifier.ValueText;

        if (method.Identifier.ValueText == "EndWrite")
        {
            return target.Name == "End" && parameters.Count == 1 && arguments.Count == 1 && IsParameter(arguments[0].Expression, 0);
        }

        return method.Identifier.ValueText == "BeginWrite" && target.Name == "Begin" && parameters.Count == 5 && arguments.Count == 3
            && arguments[0].Expression is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "WriteAsync" } } write
            && write.ArgumentList.Arguments.Count == 3
            && IsParameter(write.ArgumentList.Arguments[0].Expression, 0)
            && IsParameter(write.ArgumentList.Arguments[1].Expression, 1)
            && IsParameter(write.ArgumentList.Arguments[2].Expression, 2)
            && IsParameter(arguments[1].Expression, 3)
            && IsParameter(arguments[2].Expression, 4);
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

    internal sealed class Plan
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

        /// <summary>Members a fix step before the re-base makes reach the wrapped instance (null: none).</summary>
        public System.Func<ISymbol, bool>? ReachesOnceAppliedBefore { get; set; }
    }
}
