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
using Snoop.Analyzers;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <summary>Which of the runtime's delegating bases a wrapper is re-based on.</summary>
internal enum DelegatingBaseKind
{
    /// <summary><c>Stream</c> → <c>Snoop.DelegatingStream</c> (SNOOP003).</summary>
    Stream,

    /// <summary><c>PipeWriter</c> → <c>Snoop.DelegatingPipeWriter</c> (SNOOP006).</summary>
    PipeWriter,

    /// <summary><c>IHttpResponseBodyFeature</c> on <c>object</c> → <c>Snoop.DelegatingResponseBodyFeature</c> (SNOOP004).</summary>
    BodyFeature,
}

/// <summary>
/// The second code action of SNOOP003, SNOOP004 and SNOOP006: the wrapper derives from the runtime's delegating base, its
/// constructor passes the wrapped instance to the base, members that only forward (or that drop the capability the rule
/// reports: empty, <c>NotImplementedException</c>, a send-file copy) are deleted, and members with their own logic stay as
/// overrides that call <c>base</c>. Offered only where the class derives from <c>Stream</c>/<c>PipeWriter</c>/<c>object</c>,
/// no write path of the base would skip the class's logic, and the result compiles with no more errors than before.
/// </summary>
internal static class DelegatingBaseRebase
{
    /// <summary>A step run on the document before the re-base, given the position of the class's name.</summary>
    public delegate Task<Document> Prepare(Document document, int position, CancellationToken cancellationToken);

    private static readonly SyntaxAnnotation s_class = new("SnoopRebasedClass");

    /// <summary>The code action's title.</summary>
    public static string Title(DelegatingBaseKind kind) => "Derive from Snoop's " + BaseName(kind) + " and delete the forwarding members";

    /// <summary>The equivalence key of the action for <paramref name="kind"/> (distinct from the "add the missing members" actions).</summary>
    public static string EquivalenceKey(DelegatingBaseKind kind) => "DeriveFrom" + BaseName(kind);

    private static string BaseName(DelegatingBaseKind kind) => kind switch
    {
        DelegatingBaseKind.Stream => RuntimeNames.DelegatingStream,
        DelegatingBaseKind.PipeWriter => RuntimeNames.DelegatingPipeWriter,
        _ => RuntimeNames.DelegatingResponseBodyFeature,
    };

    /// <summary>Offers "derive from Snoop's delegating base" when the re-base applies (checked now: never a fix that does nothing).</summary>
    public static async Task RegisterAsync(CodeFixContext context, Diagnostic diagnostic, DelegatingBaseKind kind, Prepare? prepare = null)
    {
        var document = context.Document;
        var span = diagnostic.Location.SourceSpan;
        if (await TryRebaseAsync(document, span, kind, prepare, context.CancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                Title(kind),
                async ct => await TryRebaseAsync(document, span, kind, prepare, ct).ConfigureAwait(false) ?? document,
                EquivalenceKey(kind)),
            diagnostic);
    }

    /// <summary>
    /// Fix All for a fixer offering both actions: the re-base runs once per class (a class may carry several diagnostics),
    /// classes one after the other on the updated document; the fixer's other action keeps <paramref name="other"/>.
    /// </summary>
    public static FixAllProvider CreateFixAll(DelegatingBaseKind kind, FixAllProvider other, Prepare? prepare = null) => new RebaseFixAll(kind, other, prepare);

    private sealed class RebaseFixAll : FixAllProvider
    {
        private readonly DelegatingBaseKind _kind;
        private readonly FixAllProvider _other;
        private readonly FixAllProvider _rebase;

        public RebaseFixAll(DelegatingBaseKind kind, FixAllProvider other, Prepare? prepare)
        {
            _kind = kind;
            _other = other;
            _rebase = FixAllProvider.Create(async (context, document, diagnostics) =>
            {
                var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    return document;
                }

                var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
                foreach (var diagnostic in diagnostics)
                {
                    if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ClassDeclarationSyntax>() is { } declaration
                        && !marks.ContainsKey(declaration))
                    {
                        marks.Add(declaration, new SyntaxAnnotation("SnoopRebase"));
                    }
                }

                var current = document.WithSyntaxRoot(root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original])));
                foreach (var mark in marks.Values)
                {
                    var currentRoot = await current.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                    if (currentRoot?.GetAnnotatedNodes(mark).FirstOrDefault() is ClassDeclarationSyntax declaration
                        && await TryRebaseAsync(current, declaration.Identifier.Span, _kind, prepare, context.CancellationToken).ConfigureAwait(false) is { } rebased)
                    {
                        current = rebased;
                    }
                }

                return current;
            });
        }

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => _rebase.GetSupportedFixAllScopes();

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            => fixAllContext.CodeActionEquivalenceKey == EquivalenceKey(_kind) ? _rebase.GetFixAsync(fixAllContext) : _other.GetFixAsync(fixAllContext);
    }

    /// <summary>Re-bases the class declared around <paramref name="span"/>; null when the action does not apply.</summary>
    /// <remarks>
    /// A <see cref="Prepare"/> step runs first on the class (at the position of its name): SNOOP003 generates the missing
    /// async overrides with the class's logic, so that the base's async writes do not skip it.
    /// </remarks>
    public static async Task<Document?> TryRebaseAsync(Document document, TextSpan span, DelegatingBaseKind kind, Prepare? prepare, CancellationToken cancellationToken)
    {
        if (prepare is not null)
        {
            var before = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (before?.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } toPrepare)
            {
                return null;
            }

            var name = toPrepare.Identifier.ValueText;
            document = await prepare(document, toPrepare.Identifier.SpanStart, cancellationToken).ConfigureAwait(false);
            var after = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (after?.DescendantNodes().OfType<ClassDeclarationSyntax>().FirstOrDefault(c => c.Identifier.ValueText == name) is not { } prepared)
            {
                return null;
            }

            span = prepared.Identifier.Span;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax || model is null
            || root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } declaration
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type
            || type.DeclaringSyntaxReferences.Length != 1
            || declaration.BaseList is null
            || CompileErrors.In(model, declaration, cancellationToken))
        {
            return null;
        }

        var known = KnownTypes.Create(model.Compilation);
        var delegating = model.Compilation.GetTypeByMetadataName(RuntimeNames.Namespace + "." + BaseName(kind));
        INamedTypeSymbol? innerType = kind switch
        {
            DelegatingBaseKind.Stream => known.Stream,
            DelegatingBaseKind.PipeWriter => known.PipeWriter,
            _ => known.IHttpResponseBodyFeature,
        };
        if (delegating is null || innerType is null || !HasExpectedBase(type, kind, innerType))
        {
            return null;
        }

        // The wrapped instance: a primary-constructor parameter, or a field/property every constructor assigns from a parameter.
        var plan = new Plan(declaration, type, innerType, kind);
        if (!FindInner(plan, model, cancellationToken))
        {
            return null;
        }

        foreach (var member in declaration.Members)
        {
            if (!ClassifyMember(plan, member, model, cancellationToken))
            {
                return null;
            }
        }

        if (!KeptMembersStillReachTheInner(plan, model, cancellationToken) || !AddRouters(plan))
        {
            return null;
        }

        var typeName = RuntimeImports.ChooseTypeName(root, model, declaration.SpanStart, BaseName(kind), out var addUsing);
        var newDeclaration = Rewrite(plan, typeName, model, cancellationToken);
        if (newDeclaration is null)
        {
            return null;
        }

        var newRoot = (CompilationUnitSyntax)root.ReplaceNode(declaration, newDeclaration.WithAdditionalAnnotations(s_class));
        if (addUsing)
        {
            newRoot = RuntimeImports.AddSnoopUsing(newRoot);
        }

        var simplified = await Simplifier.ReduceAsync(document.WithSyntaxRoot(newRoot), Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        var fixedDocument = await FixFormatting.FormatAsync(simplified, cancellationToken).ConfigureAwait(false);
        var fixedModel = await fixedDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (fixedModel is null || CountErrors(fixedModel, cancellationToken) > CountErrors(model, cancellationToken))
        {
            return null;
        }

        return fixedDocument;
    }

    private static int CountErrors(SemanticModel model, CancellationToken cancellationToken)
        => model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);

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

    private static ClassDeclarationSyntax? Rewrite(Plan plan, string typeName, SemanticModel model, CancellationToken cancellationToken)
    {
        var declaration = plan.Declaration;

        // Is the wrapped field/property still used by what stays? If not, it goes too, with its assignments.
        var innerStillUsed = false;
        foreach (var identifier in declaration.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (plan.Deleted.Any(d => d.Span.Contains(identifier.Span)) || plan.InnerAssignments.Any(a => a.Span.Contains(identifier.Span)))
            {
                continue;
            }

            if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is { } symbol && plan.Inner.Contains(symbol) && symbol is not IParameterSymbol
                && !IsBaseRewrite(plan, identifier))
            {
                innerStillUsed = true;
                break;
            }
        }

        var disposesInner = declaration.DescendantNodes().OfType<MemberAccessExpressionSyntax>()
            .Any(a => a.Name.Identifier.ValueText is "Dispose" or "DisposeAsync" or "Close" && IsInnerReference(plan, a.Expression, model, cancellationToken));

        var removedNodes = new List<SyntaxNode>(plan.Deleted);
        if (!innerStillUsed)
        {
            foreach (var symbol in plan.Inner)
            {
                if (symbol is IParameterSymbol)
                {
                    continue;
                }

                foreach (var reference in symbol.DeclaringSyntaxReferences)
                {
                    var node = reference.GetSyntax(cancellationToken);
                    if (node is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } })
                    {
                        removedNodes.Add(field);
                    }
                    else if (node is PropertyDeclarationSyntax property)
                    {
                        removedNodes.Add(property);
                    }
                }
            }

            foreach (var assignment in plan.InnerAssignments)
            {
                if (assignment.Parent is ExpressionStatementSyntax statement)
                {
                    removedNodes.Add(statement);
                }
            }
        }

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var pair in plan.Kept)
        {
            var member = pair.Key;
            var rewritten = new BaseCallRewriter(plan, pair.Value, model, cancellationToken).Visit(member) as MemberDeclarationSyntax ?? member;
            if (plan.Kind == DelegatingBaseKind.BodyFeature)
            {
                rewritten = AddOverride(rewritten);
            }

            replacements[member] = rewritten;
        }

        var leaveOpen = plan.Kind == DelegatingBaseKind.Stream && !disposesInner ? ", leaveOpen: true" : string.Empty;
        foreach (var pair in plan.ConstructorArguments)
        {
            // Parsed rather than built, so the tokens carry plain spaces (no elastic trivia for a formatter to expand).
            var parsed = (ConstructorDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration("C() : base(" + pair.Value + leaveOpen + ") { }")!;
            replacements[pair.Key] = pair.Key.WithInitializer(parsed.Initializer!.WithLeadingTrivia(SyntaxFactory.Space));
        }

        var newDeclaration = declaration.TrackNodes(removedNodes.Concat(replacements.Keys).Concat(plan.ConstructorArguments.Keys));
        foreach (var pair in replacements)
        {
            var current = newDeclaration.GetCurrentNode(pair.Key);
            if (current is null)
            {
                return null;
            }

            SyntaxNode replacement = pair.Value;
            if (pair.Key is ConstructorDeclarationSyntax constructor && plan.ConstructorArguments.ContainsKey(constructor))
            {
                // Keep the edits made inside the constructor by others (none today), add the base call.
                var currentConstructor = (ConstructorDeclarationSyntax)current;
                var parameterList = currentConstructor.ParameterList;
                currentConstructor = currentConstructor
                    .WithParameterList(parameterList.WithoutTrailingTrivia())
                    .WithInitializer(((ConstructorDeclarationSyntax)pair.Value).Initializer!.WithTrailingTrivia(parameterList.GetTrailingTrivia()));
                if (!innerStillUsed && constructor.ExpressionBody?.Expression is AssignmentExpressionSyntax onlyAssignment && plan.InnerAssignments.Contains(onlyAssignment))
                {
                    // public C(Stream inner) => _inner = inner;  →  public C(Stream inner) : base(inner) { }
                    var emptyBody = ((ConstructorDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration("C() { }")!).Body!;
                    currentConstructor = currentConstructor
                        .WithExpressionBody(null)
                        .WithSemicolonToken(default)
                        .WithParameterList(currentConstructor.ParameterList.WithoutTrailingTrivia())
                        .WithInitializer(currentConstructor.Initializer!.WithoutTrailingTrivia())
                        .WithBody(emptyBody.WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(constructor.GetTrailingTrivia()));
                }

                replacement = currentConstructor;
            }

            newDeclaration = newDeclaration.ReplaceNode(current, replacement);
        }

        var toRemove = removedNodes.Select(n => newDeclaration.GetCurrentNode(n)).Where(n => n is not null).Cast<SyntaxNode>().ToList();
        newDeclaration = newDeclaration.RemoveNodes(toRemove, SyntaxRemoveOptions.KeepNoTrivia)!;
        if (newDeclaration is null)
        {
            return null;
        }

        foreach (var router in plan.Routers)
        {
            if (SyntaxFactory.ParseMemberDeclaration(router) is { } routerMember)
            {
                newDeclaration = newDeclaration.AddMembers(routerMember.WithLeadingTrivia(SyntaxFactory.EndOfLine("\n")).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation));
            }
        }

        // The base list: the wrapped type (or the feature interface) becomes the delegating base.
        var index = -1;
        for (var i = 0; i < declaration.BaseList!.Types.Count; i++)
        {
            if (model.GetTypeInfo(declaration.BaseList.Types[i].Type, cancellationToken).Type is { } bound && SymbolEqualityComparer.Default.Equals(bound, plan.InnerType))
            {
                index = i;
                break;
            }
        }

        var baseList = newDeclaration.BaseList;
        if (index < 0 || baseList is null || baseList.Types.Count != declaration.BaseList.Types.Count)
        {
            return null;
        }

        var replaced = baseList.Types[index];

        var delegatingType = SyntaxFactory.ParseTypeName(typeName);
        BaseTypeSyntax newBase = plan.PrimaryParameter is not null
            ? SyntaxFactory.PrimaryConstructorBaseType(delegatingType, SyntaxFactory.ParseArgumentList("(" + plan.PrimaryParameter + leaveOpen + ")"))
            : SyntaxFactory.SimpleBaseType(delegatingType);
        newBase = newBase.WithTriviaFrom(replaced);
        var types = baseList.Types.RemoveAt(index).Insert(0, newBase);
        newDeclaration = newDeclaration.WithBaseList(baseList.WithTypes(types));

        // Only what was generated is formatted (the routers, the base call); the class's own code keeps its layout.
        return newDeclaration;
    }

    private static bool IsBaseRewrite(Plan plan, IdentifierNameSyntax identifier)
        => plan.Kept.Any(pair => pair.Key.Span.Contains(identifier.Span)
            && identifier.Parent is MemberAccessExpressionSyntax access && access.Expression == identifier && access.Name.Identifier.ValueText == pair.Value);

    private static MemberDeclarationSyntax AddOverride(MemberDeclarationSyntax member)
    {
        var overrideToken = SyntaxFactory.Token(SyntaxKind.OverrideKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        return member switch
        {
            MethodDeclarationSyntax method when !method.Modifiers.Any(SyntaxKind.OverrideKeyword) => method.WithModifiers(InsertAfterAccess(method.Modifiers, overrideToken)),
            PropertyDeclarationSyntax property when !property.Modifiers.Any(SyntaxKind.OverrideKeyword) => property.WithModifiers(InsertAfterAccess(property.Modifiers, overrideToken)),
            _ => member,
        };
    }

    private static SyntaxTokenList InsertAfterAccess(SyntaxTokenList modifiers, SyntaxToken token)
    {
        var index = 0;
        for (var i = 0; i < modifiers.Count; i++)
        {
            if (modifiers[i].IsKind(SyntaxKind.PublicKeyword))
            {
                index = i + 1;
            }
        }

        return modifiers.Insert(index, token);
    }

    /// <summary><c>inner.Member(...)</c> inside the override of <c>Member</c> becomes <c>base.Member(...)</c>.</summary>
    private sealed class BaseCallRewriter : CSharpSyntaxRewriter
    {
        private readonly Plan _plan;
        private readonly string _member;
        private readonly SemanticModel _model;
        private readonly CancellationToken _cancellationToken;

        public BaseCallRewriter(Plan plan, string member, SemanticModel model, CancellationToken cancellationToken)
        {
            _plan = plan;
            _member = member;
            _model = model;
            _cancellationToken = cancellationToken;
        }

        public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
        {
            if (node.Name.Identifier.ValueText == _member && IsInnerReference(_plan, node.Expression, _model, _cancellationToken))
            {
                return node.WithExpression(SyntaxFactory.BaseExpression().WithTriviaFrom(node.Expression));
            }

            return base.VisitMemberAccessExpression(node);
        }
    }

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
