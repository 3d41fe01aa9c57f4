using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// Where the restores of a swap sit, added in source order: the first one in a <c>finally</c> restores on every path;
/// otherwise the first on the success path and the first in a <c>catch</c> decide the <see cref="RestoreKind"/>. Shared by the
/// body swap and the feature swap that keeps no previous feature.
/// </summary>
internal struct RestoreTally
{
    private IOperation? _success;
    private IOperation? _catch;

    /// <summary>Adds a restore inside <paramref name="scope"/>; true when it is in a <c>finally</c> (<paramref name="restore"/>): the caller can stop.</summary>
    public bool AddIsFinally(IOperation operation, IOperation scope, out IOperation? restore)
    {
        restore = null;
        if (FunctionScope.IsInFinally(operation.Syntax, scope.Syntax))
        {
            restore = operation;
            return true;
        }

        if (FunctionScope.IsInCatch(operation.Syntax, scope.Syntax))
        {
            _catch ??= operation;
        }
        else
        {
            _success ??= operation;
        }

        return false;
    }

    /// <summary>The kind the restores added so far make, none of them in a <c>finally</c>; <paramref name="restore"/>: the success-path one, else the catch one.</summary>
    public readonly RestoreKind Result(out IOperation? restore)
    {
        restore = _success ?? _catch;
        return (_success, _catch) switch
        {
            ({ }, { }) => RestoreKind.SuccessAndCatch,
            ({ }, null) => RestoreKind.SuccessPathOnly,
            (null, { }) => RestoreKind.CatchOnly,
            _ => RestoreKind.Never,
        };
    }
}
