using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP002's swap across the two methods of a synchronous MVC filter: <c>OnActionExecuting</c> or <c>OnResultExecuting</c>
/// keeps the original body in a field (or property) of the filter and replaces <c>Response.Body</c>; the "after" method
/// is expected to put it back. MVC calls <c>OnResultExecuted</c> even when the result throws and <c>OnActionExecuted</c>
/// even when the action throws (with <c>context.Exception</c> set), so an unconditional restore there is the pair's
/// <c>finally</c>. An action that throws skips the result filters, so a swap in <c>OnActionExecuting</c> restored only in
/// <c>OnResultExecuted</c> leaves the replacement installed on that path. No fix: the restore spans two methods.
/// </summary>
internal sealed class FilterBodySwap
{
    private const string ActionExecuting = "OnActionExecuting";
    private const string ActionExecuted = "OnActionExecuted";
    private const string ResultExecuting = "OnResultExecuting";
    private const string ResultExecuted = "OnResultExecuted";

    private FilterBodySwap(ISimpleAssignmentOperation swap, IMethodSymbol method, ISymbol holder)
    {
        Swap = swap;
        Method = method;
        Holder = holder;
    }

    /// <summary>The assignment <c>response.Body = x</c>.</summary>
    public ISimpleAssignmentOperation Swap { get; }

    /// <summary>The filter method holding the swap (<c>OnActionExecuting</c> or <c>OnResultExecuting</c>).</summary>
    public IMethodSymbol Method { get; }

    /// <summary>The field or property keeping the original body.</summary>
    public ISymbol Holder { get; }

    /// <summary>Recognizes the swap half of a filter pair; null when the swap is not in a filter's "executing" method with the original kept in a member.</summary>
    public static FilterBodySwap? From(ISimpleAssignmentOperation assignment, KnownTypes types)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Instance: { } response } target || !ResponseBodySwap.IsBodyProperty(target.Property, types)
            || ResponseBodySwap.IsBodyRead(assignment.Value, types)
            || !InExecutingMethodSyntax(assignment.Syntax)
            || assignment.SemanticModel?.GetEnclosingSymbol(assignment.Syntax.SpanStart) is not IMethodSymbol { Name: ActionExecuting or ResultExecuting, IsStatic: false } method
            || !IsMvcFilter(method.ContainingType))
        {
            return null;
        }

        var scope = FunctionScope.GetScope(assignment);
        if (scope.Parent is not null || scope is IAnonymousFunctionOperation or ILocalFunctionOperation)
        {
            return null;
        }

        var context = ResponseBodySwap.GetHttpContextOfResponse(response, types);
        foreach (var op in FunctionScope.EnumerateOwn(scope))
        {
            if (op.Syntax.SpanStart < assignment.Syntax.SpanStart
                && op is ISimpleAssignmentOperation store
                && OperationFacts.MemberOfThis(store.Target) is { } holder
                && IsBodyOf(store.Value, context, scope, types))
            {
                // A member or an "after" method inherited from a class of the project may restore: not followed.
                return SymbolEqualityComparer.Default.Equals(holder.ContainingType, method.ContainingType) && !InheritsFromSource(method.ContainingType)
                    ? new FilterBodySwap(assignment, method, holder)
                    : null;
            }
        }

        return null;
    }

    /// <summary>
    /// The cheap test before <see cref="SemanticModel.GetEnclosingSymbol"/>: the innermost function around
    /// <paramref name="node"/> is a method or local function named <c>OnActionExecuting</c> or <c>OnResultExecuting</c>.
    /// Otherwise the enclosing symbol is a lambda, an accessor, another method or no method at all, and the swap is not
    /// a filter's (most <c>Response.Body</c> assignments are in middleware and test set-up).
    /// </summary>
    private static bool InExecutingMethodSyntax(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case MethodDeclarationSyntax method:
                    return method.Identifier.ValueText is ActionExecuting or ResultExecuting;
                case LocalFunctionStatementSyntax local:
                    return local.Identifier.ValueText is ActionExecuting or ResultExecuting;
                case AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="RestoreKind.Finally"/> when the "after" method(s) put the kept original back on every path they cover,
    /// <see cref="RestoreKind.SuccessPathOnly"/> when a path is left out, <see cref="RestoreKind.Never"/> when nothing does,
    /// <see cref="RestoreKind.Delegated"/> when the member is used where this rule cannot follow it.
    /// </summary>
    public RestoreKind ClassifyRestore(KnownTypes types)
    {
        var model = Swap.SemanticModel;
        var tree = Swap.Syntax.SyntaxTree;
        bool actionExecuted = false, actionExecutedPartly = false, resultExecuted = false, resultExecutedPartly = false;
        foreach (var reference in Method.ContainingType.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != tree || model is null)
            {
                // A part of the filter in another file may restore: this rule does not look there.
                return RestoreKind.Delegated;
            }

            foreach (var member in reference.GetSyntax().DescendantNodes())
            {
                if (member is not (MethodDeclarationSyntax or ConstructorDeclarationSyntax or PropertyDeclarationSyntax))
                {
                    continue;
                }

                var name = (member as MethodDeclarationSyntax)?.Identifier.ValueText;
                if (member is MethodDeclarationSyntax && name == Method.Name)
                {
                    continue;
                }

                foreach (var use in member.DescendantNodes())
                {
                    if (use is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != Holder.Name
                        || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier).Symbol, Holder))
                    {
                        continue;
                    }

                    if (InNestedFunction(identifier, member))
                    {
                        // A callback (OnCompleted, RegisterForDispose...) may put it back later: not followed.
                        return RestoreKind.Delegated;
                    }

                    var restore = RestoreAround(identifier, types, model);
                    if (restore is null || name is not (ActionExecuted or ResultExecuted) || member is not MethodDeclarationSyntax method)
                    {
                        if (restore is not null || !IsHarmlessUse(identifier, model))
                        {
                            return RestoreKind.Delegated;
                        }

                        continue;
                    }

                    var everyPath = CoversTheMethod(restore, method);
                    if (name == ActionExecuted)
                    {
                        actionExecuted |= everyPath;
                        actionExecutedPartly = true;
                    }
                    else
                    {
                        resultExecuted |= everyPath;
                        resultExecutedPartly = true;
                    }
                }
            }
        }

        if (Method.Name == ResultExecuting)
        {
            return resultExecuted ? RestoreKind.Finally : resultExecutedPartly ? RestoreKind.SuccessPathOnly : RestoreKind.Never;
        }

        // OnActionExecuting: OnActionExecuted runs on every path of the action; OnResultExecuted only when a result runs.
        if (actionExecuted || (resultExecuted && actionExecutedPartly))
        {
            return RestoreKind.Finally;
        }

        return resultExecutedPartly || actionExecutedPartly ? RestoreKind.SuccessPathOnly : RestoreKind.Never;
    }

    /// <summary>The <c>x.Response.Body = holder</c> statement around a use of the holder, if that is what the use is.</summary>
    private static ExpressionStatementSyntax? RestoreAround(IdentifierNameSyntax identifier, KnownTypes types, SemanticModel model)
    {
        SyntaxNode node = identifier.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == identifier ? access : identifier;
        while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax or PostfixUnaryExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression })
        {
            node = node.Parent;
        }

        return node.Parent is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement } assignment && assignment.Right == node
            && model.GetOperation(assignment) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } && ResponseBodySwap.IsBodyProperty(target.Property, types)
            ? statement
            : null;
    }

    /// <summary>A use that cannot put the original back: a copy into it, a write, a null check, a member read, resetting the holder.</summary>
    private static bool IsHarmlessUse(IdentifierNameSyntax identifier, SemanticModel model)
    {
        var operation = model.GetOperation(identifier);
        if (operation is null)
        {
            return false;
        }

        var current = OperationFacts.Climb(operation);
        return current.Parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "CopyTo" or "CopyToAsync" or "WriteTo" } } => true,
            IPropertyReferenceOperation property => property.Instance == current,
            IInvocationOperation invocation => invocation.Instance == current,
            IConditionalAccessOperation conditional => conditional.Operation == current,
            IBinaryOperation or IIsPatternOperation => true,
            ISimpleAssignmentOperation assignment => assignment.Target == current && OperationFacts.IsNullValue(assignment.Value),
            _ => false,
        };
    }

    /// <summary>
    /// The restore runs whenever the method runs: not in a <c>catch</c>, a loop or a branch (other than a guard on the
    /// kept member itself), and no <c>return</c> before it.
    /// </summary>
    private bool CoversTheMethod(ExpressionStatementSyntax restore, MethodDeclarationSyntax method)
    {
        foreach (var ancestor in restore.Ancestors())
        {
            if (ancestor == method)
            {
                break;
            }

            switch (ancestor)
            {
                case IfStatementSyntax ifStatement when !IsNullGuard(ifStatement.Condition):
                case CatchClauseSyntax or SwitchSectionSyntax or ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                case ConditionalExpressionSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
            }
        }

        foreach (var exit in method.DescendantNodes())
        {
            if (exit is ReturnStatementSyntax && exit.SpanStart < restore.SpanStart)
            {
                return false;
            }
        }

        return true;
    }

    private static bool InNestedFunction(SyntaxNode node, SyntaxNode member)
    {
        for (var current = node.Parent; current is not null && current != member; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>_original != null</c>, <c>_buffer is not null &amp;&amp; this._original is { }</c>: null checks on the filter's members only.</summary>
    private static bool IsNullGuard(ExpressionSyntax condition)
    {
        switch (condition)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return IsNullGuard(parenthesized.Expression);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } and:
                return IsNullGuard(and.Left) && IsNullGuard(and.Right);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.NotEqualsExpression } notEquals:
                return IsMember(notEquals.Left) && notEquals.Right.IsKind(SyntaxKind.NullLiteralExpression);
            case IsPatternExpressionSyntax pattern:
                return IsMember(pattern.Expression)
                    && pattern.Pattern is UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax } } or RecursivePatternSyntax;
            default:
                return false;
        }
    }

    private static bool IsMember(ExpressionSyntax expression)
        => expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax };

    /// <summary><c>response.Body</c> of the same context, or a local of the method initialized from it.</summary>
    private static bool IsBodyOf(IOperation value, IOperation? context, IOperation scope, KnownTypes types)
    {
        var unwrapped = OperationFacts.Unwrap(value);
        if (unwrapped is ILocalReferenceOperation local)
        {
            foreach (var op in FunctionScope.EnumerateOwn(scope))
            {
                if (op is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local))
                {
                    unwrapped = OperationFacts.Unwrap(declarator.Initializer?.Value);
                    break;
                }
            }
        }

        return unwrapped is IPropertyReferenceOperation read && ResponseBodySwap.IsBodyProperty(read.Property, types)
            && OperationFacts.SameInstance(ResponseBodySwap.GetHttpContextOfResponse(read.Instance, types), context);
    }

    private static bool InheritsFromSource(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (!current.DeclaringSyntaxReferences.IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A class implementing MVC's <c>IActionFilter</c> or <c>IResultFilter</c> (ActionFilterAttribute, ResultFilterAttribute, hand-written).</summary>
    private static bool IsMvcFilter(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (@interface.Name is "IActionFilter" or "IResultFilter"
                && @interface.ContainingNamespace is { Name: "Filters", ContainingNamespace: { Name: "Mvc", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace.Name: "Microsoft" } } })
            {
                return true;
            }
        }

        return false;
    }
}
