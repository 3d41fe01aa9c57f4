using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// The precondition every fixer checks, in one place: a fix is offered despite compiler errors when none of them can be
/// changed by the rewrite, so that the fixed code has exactly the errors the code had (the guarantee the fuzzer checks).
/// An error blocks the fix when
/// <list type="bullet">
/// <item>the file has a syntax error (the parse, and so every node the rewrite sees, may not be what the user meant);</item>
/// <item>it lies in a node the fix removes, rewrites, copies or moves (<c>rewritten</c>);</item>
/// <item>the smallest statement, parameter, attribute, base type or member holding it names a symbol the rewrite relies on
/// (the buffer, the kept original, the wrapper's inner field...): its meaning could change with the rewrite;</item>
/// <item>it is an unresolved name that a namespace the fix imports would resolve (a new <c>using</c> changes its meaning);</item>
/// <item>in a function the fix rewrites: it is a scope or flow error (the rewrite moves statements between blocks), or an
/// unresolved name that is declared as a local of the function; or the function is a lambda (its body's errors take part
/// in the overload resolution of the call that receives it);</item>
/// <item>in a type the fix rewrites: it is outside every member (base list, type attributes), or in a constructor, an
/// override, an interface implementation or a member named like one of the base types' or interfaces' members (the
/// members generated, overridden, forwarded or deleted).</item>
/// </list>
/// Errors anywhere else (another method, a field of an unrelated unresolved type, an attribute from a missing using) are
/// left as they are, and the fix is offered.
/// </summary>
internal static partial class CompileErrors
{
    /// <summary>Scope and flow errors: their meaning depends on the blocks the statements sit in.</summary>
    private static readonly ImmutableHashSet<string> s_scopeSensitive = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "CS0128", // local already defined in this scope
        "CS0136", // local would give a different meaning to a name in an enclosing scope
        "CS0841", // local used before it is declared
        "CS0165", // use of an unassigned local
        "CS0161", // not all code paths return a value
        "CS0177", // out parameter not assigned
        "CS0157", // control cannot leave a finally
        "CS1628", // ref/out/in parameter used in a lambda
        "CS4013"); // ref struct in an async method

    /// <summary>Unresolved names: a new import, or a local moved to an enclosing block, can resolve them.</summary>
    private static readonly ImmutableHashSet<string> s_unresolvedName = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "CS0246", // type or namespace not found
        "CS0103", // name does not exist in the current context
        "CS1061", // no member or extension method named so
        "CS0234", // type or namespace not found in a namespace
        "CS1935"); // query pattern not found

    /// <summary>
    /// True when an error blocks a rewrite of the function holding <paramref name="anchor"/> (see the class summary):
    /// <paramref name="rewritten"/> are the nodes the fix removes or rewrites, <paramref name="reliedOnNames"/> the names
    /// of the symbols it relies on, <paramref name="importedNamespaces"/> the namespaces it may add a <c>using</c> for.
    /// </summary>
    public static bool BlockFunctionFix(
        SemanticModel model,
        SyntaxNode anchor,
        IEnumerable<SyntaxNode> rewritten,
        IEnumerable<string> reliedOnNames,
        IEnumerable<string> importedNamespaces,
        CancellationToken cancellationToken)
    {
        var spans = new List<TextSpan>();
        foreach (var node in rewritten)
        {
            spans.Add(node.Span);
        }

        return BlockFunctionFix(model, anchor, spans, reliedOnNames, importedNamespaces, cancellationToken);
    }

    /// <summary><see cref="BlockFunctionFix(SemanticModel, SyntaxNode, IEnumerable{SyntaxNode}, IEnumerable{string}, IEnumerable{string}, CancellationToken)"/> with the rewritten code given as spans.</summary>
    public static bool BlockFunctionFix(
        SemanticModel model,
        SyntaxNode anchor,
        List<TextSpan> spans,
        IEnumerable<string> reliedOnNames,
        IEnumerable<string> importedNamespaces,
        CancellationToken cancellationToken)
    {
        var function = EnclosingFunction(anchor);
        if (function is AnonymousFunctionExpressionSyntax && In(model, function, cancellationToken))
        {
            return true;
        }

        var names = new HashSet<string>(reliedOnNames, StringComparer.Ordinal);
        HashSet<string>? locals = null;
        return Blocks(model, importedNamespaces, cancellationToken, (diagnostic, node) =>
        {
            if (!function.Span.IntersectsWith(diagnostic.Location.SourceSpan))
            {
                return false;
            }

            if (s_scopeSensitive.Contains(diagnostic.Id) || Intersects(spans, diagnostic.Location.SourceSpan) || Mentions(Unit(node), names))
            {
                return true;
            }

            locals ??= DeclaredLocals(function);
            return s_unresolvedName.Contains(diagnostic.Id) && UnresolvedName(node) is { } name && locals.Contains(name);
        });
    }

    /// <summary>
    /// True when an error blocks a rewrite of the type declared at <paramref name="span"/> (see the class summary):
    /// <paramref name="reliedOnNames"/> are the names of the members holding the wrapped instance (more are added: the
    /// fields and properties of the type the class wraps, and error-typed ones used by overrides), <paramref name="importedNamespaces"/>
    /// the namespaces the fix may add a <c>using</c> for. Also true when <paramref name="span"/> is not in a type.
    /// </summary>
    public static bool BlockTypeFix(
        SemanticModel model,
        TextSpan span,
        IEnumerable<string> reliedOnNames,
        IEnumerable<string> importedNamespaces,
        CancellationToken cancellationToken)
    {
        var root = model.SyntaxTree.GetRoot(cancellationToken);
        if (!root.FullSpan.Contains(span))
        {
            return true;
        }

        var found = root.FindNode(span);
        if (found.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration)
        {
            // Top-level statements (an install site): the statement is what the fix rewrites.
            var statement = found.FirstAncestorOrSelf<StatementSyntax>(s => s is not BlockSyntax) ?? found;
            return BlockFunctionFix(model, found, new[] { statement }, NamesIn(statement), importedNamespaces, cancellationToken);
        }

        if (model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type)
        {
            return true;
        }

        // Every part of a partial class, in this file (other files: their errors are checked as a whole).
        var parts = new List<SyntaxNode>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var part = reference.GetSyntax(cancellationToken);
            if (part.SyntaxTree == model.SyntaxTree)
            {
                parts.Add(part);
            }
            else if (In(model.Compilation.GetSemanticModel(part.SyntaxTree), part, cancellationToken))
            {
                return true;
            }
        }

        var contractNames = ContractMemberNames(type);
        var names = new HashSet<string>(reliedOnNames, StringComparer.Ordinal);
        AddWrappedHolders(type, parts, names);
        return Blocks(model, importedNamespaces, cancellationToken, (diagnostic, node) =>
        {
            var errorSpan = diagnostic.Location.SourceSpan;
            var part = parts.Find(p => p.Span.IntersectsWith(errorSpan));
            if (part is null)
            {
                return false;
            }

            // The member of this part holding the error; none: the type's header (base list, attributes, primary constructor).
            MemberDeclarationSyntax? member = null;
            for (var current = node; current is not null && current != part; current = current.Parent)
            {
                if (current is MemberDeclarationSyntax candidate && candidate.Parent == part)
                {
                    member = candidate;
                    break;
                }
            }

            return member switch
            {
                null => true,
                BaseTypeDeclarationSyntax or DelegateDeclarationSyntax => false,
                _ => IsContractMember(member, contractNames) || Mentions(Unit(node), names),
            };
        });
    }

    /// <summary>True when the file has any compiler error (syntax or semantic).</summary>
    public static bool InFile(SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in model.GetDiagnostics(null, cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For a fix that rewrites everything from <paramref name="statement"/> on: the span from its start to the end of the
    /// function holding it.
    /// </summary>
    public static TextSpan FromHereToTheEnd(SyntaxNode statement)
    {
        var function = EnclosingFunction(statement);
        return TextSpan.FromBounds(statement.SpanStart, Math.Max(statement.SpanStart, function.Span.End));
    }

    /// <summary>
    /// For a fix that rewrites everything from <paramref name="from"/> to the end of its function and relies on the names
    /// in the statement <paramref name="named"/> (the swap: its original, buffer, context...):
    /// <see cref="BlockFunctionFix(SemanticModel, SyntaxNode, List{TextSpan}, IEnumerable{string}, IEnumerable{string}, CancellationToken)"/>.
    /// </summary>
    public static bool BlockRewriteFrom(SemanticModel model, SyntaxNode from, SyntaxNode named, IEnumerable<string> importedNamespaces, CancellationToken cancellationToken)
    {
        var start = from.FirstAncestorOrSelf<StatementSyntax>(s => s is not BlockSyntax) ?? from;
        var statement = named.FirstAncestorOrSelf<StatementSyntax>(s => s is not BlockSyntax) ?? named;
        return BlockFunctionFix(model, from, new List<TextSpan> { FromHereToTheEnd(start) }, NamesIn(statement), importedNamespaces, cancellationToken);
    }

    /// <summary>The identifiers of <paramref name="node"/> (what a statement the fix rewrites names).</summary>
    public static IEnumerable<string> NamesIn(SyntaxNode node)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                yield return token.ValueText;
            }
        }
    }

    /// <summary>Walks the file's errors; a syntax error or an unresolved name an import would resolve blocks outright.</summary>
    private static bool Blocks(SemanticModel model, IEnumerable<string> importedNamespaces, CancellationToken cancellationToken, Func<Diagnostic, SyntaxNode, bool> blocks)
    {
        foreach (var diagnostic in model.SyntaxTree.GetDiagnostics(cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        var root = model.SyntaxTree.GetRoot(cancellationToken);
        List<INamespaceSymbol>? namespaces = null;
        foreach (var diagnostic in model.GetDiagnostics(null, cancellationToken))
        {
            if (diagnostic.Severity != DiagnosticSeverity.Error)
            {
                continue;
            }

            if (!diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != model.SyntaxTree)
            {
                return true;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (s_unresolvedName.Contains(diagnostic.Id))
            {
                namespaces ??= FindNamespaces(model.Compilation, importedNamespaces);
                if (UnresolvedName(node) is not { } name || ResolvesIn(namespaces, name))
                {
                    return true;
                }
            }

            if (blocks(diagnostic, node))
            {
                return true;
            }
        }

        return false;
    }

    private static SyntaxNode EnclosingFunction(SyntaxNode node)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)
            {
                return ancestor;
            }
        }

        return node;
    }

    private static bool Intersects(List<TextSpan> spans, TextSpan span)
    {
        foreach (var candidate in spans)
        {
            if (candidate.IntersectsWith(span) || (span.IsEmpty && candidate.Contains(span.Start)))
            {
                return true;
            }
        }

        return false;
    }
}
