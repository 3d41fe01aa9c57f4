using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// The executable bodies of a type declaration, each with the symbol that owns it, the way the wrapper models read a
/// class: constructors whole (their initializer and body), method bodies, property getters, setters and initializers,
/// and field initializers. Members without a body or without a symbol (code that does not compile) are skipped.
/// </summary>
internal static class MemberBodies
{
    public static IEnumerable<(ISymbol Owner, SyntaxNode Body)> Of(TypeDeclarationSyntax declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var member in declaration.Members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case ConstructorDeclarationSyntax constructor when model.GetDeclaredSymbol(constructor, cancellationToken) is { } symbol:
                    yield return (symbol, constructor);
                    break;
                case BaseMethodDeclarationSyntax method when model.GetDeclaredSymbol(method, cancellationToken) is { } symbol
                    && ((SyntaxNode?)method.Body ?? method.ExpressionBody) is { } body:
                    yield return (symbol, body);
                    break;
                case PropertyDeclarationSyntax property when model.GetDeclaredSymbol(property, cancellationToken) is IPropertySymbol symbol:
                    if (property.ExpressionBody is not null && symbol.GetMethod is { } getter)
                    {
                        yield return (getter, property.ExpressionBody);
                    }

                    foreach (var accessor in property.AccessorList?.Accessors ?? default)
                    {
                        if (model.GetDeclaredSymbol(accessor, cancellationToken) is { } accessorSymbol && ((SyntaxNode?)accessor.Body ?? accessor.ExpressionBody) is { } accessorBody)
                        {
                            yield return (accessorSymbol, accessorBody);
                        }
                    }

                    if (property.Initializer is not null)
                    {
                        yield return (symbol, property.Initializer);
                    }

                    break;
                case FieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Initializer is not null && model.GetDeclaredSymbol(variable, cancellationToken) is { } fieldSymbol)
                        {
                            yield return (fieldSymbol, variable.Initializer);
                        }
                    }

                    break;
            }
        }
    }
}
