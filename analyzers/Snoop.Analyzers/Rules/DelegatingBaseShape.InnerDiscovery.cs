using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <content>Finding the wrapped instance: the expected base, and the field, property or primary-constructor parameter that holds it.</content>
internal static partial class DelegatingBaseShape
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
}
