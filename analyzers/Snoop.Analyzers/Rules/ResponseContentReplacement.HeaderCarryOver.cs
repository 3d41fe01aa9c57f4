using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <content>Whether the original content's headers are carried over to the new content (then there is nothing to report).</content>
internal sealed partial class ResponseContentReplacement
{
    /// <summary>
    /// The content headers are carried over: a loop over the original's headers, the original's headers handed to a method
    /// (a copy helper, <c>AddRange</c>), or a <c>TryAddWithoutValidation</c>/<c>Add</c> of values taken from them.
    /// </summary>
    private bool CarriesHeaders()
    {
        foreach (var op in FunctionScope.EnumerateAll(Scope))
        {
            switch (op)
            {
                case IForEachLoopOperation loop when ContainsOriginalHeaders(loop.Collection):
                    return true;
                case IArgumentOperation argument when IsOriginalHeaders(argument.Value):
                    return true;
                case IInvocationOperation { TargetMethod.Name: "TryAddWithoutValidation" or "Add" } invocation:
                    foreach (var argument in invocation.Arguments)
                    {
                        if (ContainsOriginalHeaders(argument.Value))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private bool ContainsOriginalHeaders(IOperation? op)
    {
        if (op is null)
        {
            return false;
        }

        if (IsOriginalHeaders(op))
        {
            return true;
        }

        foreach (var descendant in op.Descendants())
        {
            if (IsOriginalHeaders(descendant))
            {
                return true;
            }
        }

        return false;
    }
}
