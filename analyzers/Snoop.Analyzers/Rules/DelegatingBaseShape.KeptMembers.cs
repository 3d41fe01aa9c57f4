using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <content>Checking the members kept as overrides still reach the wrapped instance, and adding the routers that keep their logic on the base's paths.</content>
internal static partial class DelegatingBaseShape
{
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

            if (plan.ReachesOnceAppliedBefore is { } prepared && model.GetDeclaredSymbol(member, cancellationToken) is { } memberSymbol && prepared(memberSymbol))
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
}
