using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// Fix All without an equivalence key fixes with the fixer's first action. A Fix All request may come without a key:
/// <c>dotnet format analyzers</c> takes it from the first action registered for the first diagnostic of its analysis
/// pass, whatever that diagnostic's ID, and since Snoop's rules share analyzers that pass holds other rules'
/// diagnostics too; the key is then null and a key-matching provider (the batch fixer) fixes nothing. This wrapper
/// asks the fixer for its first action on the first diagnostic it fixes, and runs the inner provider with that key.
/// </summary>
internal sealed class DefaultKeyFixAll : FixAllProvider
{
    private readonly FixAllProvider _inner;

    private DefaultKeyFixAll(FixAllProvider inner) => _inner = inner;

    public static FixAllProvider Wrap(FixAllProvider inner) => new DefaultKeyFixAll(inner);

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => _inner.GetSupportedFixAllScopes();

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        if (fixAllContext.CodeActionEquivalenceKey is not null)
        {
            return await _inner.GetFixAsync(fixAllContext).ConfigureAwait(false);
        }

        var key = await FirstKeyAsync(fixAllContext).ConfigureAwait(false);
        if (key is null)
        {
            return null;
        }

        var provider = new Delegating(fixAllContext);
        var keyed = fixAllContext.Document is { } document
            ? new FixAllContext(document, fixAllContext.CodeFixProvider, fixAllContext.Scope, key, fixAllContext.DiagnosticIds, provider, fixAllContext.CancellationToken)
            : new FixAllContext(fixAllContext.Project, fixAllContext.CodeFixProvider, fixAllContext.Scope, key, fixAllContext.DiagnosticIds, provider, fixAllContext.CancellationToken);
        return await _inner.GetFixAsync(keyed).ConfigureAwait(false);
    }

    /// <summary>The equivalence key of the fixer's first action on the first diagnostic in scope that it fixes.</summary>
    private static async Task<string?> FirstKeyAsync(FixAllContext context)
    {
        var projects = context.Scope is FixAllScope.Solution ? context.Solution.Projects : new[] { context.Project };
        foreach (var project in projects)
        {
            var diagnostics = context.Scope is FixAllScope.Document && context.Document is { } scoped
                ? await context.GetDocumentDiagnosticsAsync(scoped).ConfigureAwait(false)
                : await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
            foreach (var diagnostic in diagnostics.Where(d => context.DiagnosticIds.Contains(d.Id)).OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start))
            {
                if (diagnostic.Location.SourceTree is not { } tree || project.GetDocument(tree) is not { } document)
                {
                    continue;
                }

                CodeAction? first = null;
                var fixContext = new CodeFixContext(document, diagnostic, (action, _) => first ??= action, context.CancellationToken);
                await context.CodeFixProvider.RegisterCodeFixesAsync(fixContext).ConfigureAwait(false);
                if (first?.EquivalenceKey is { } key)
                {
                    return key;
                }
            }
        }

        return null;
    }

    /// <summary>The diagnostics of the original request.</summary>
    private sealed class Delegating : FixAllContext.DiagnosticProvider
    {
        private readonly FixAllContext _context;

        public Delegating(FixAllContext context) => _context = context;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => AsEnumerable(_context.GetAllDiagnosticsAsync(project));

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => AsEnumerable(_context.GetDocumentDiagnosticsAsync(document));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => AsEnumerable(_context.GetProjectDiagnosticsAsync(project));

        private static async Task<IEnumerable<Diagnostic>> AsEnumerable(Task<System.Collections.Immutable.ImmutableArray<Diagnostic>> diagnostics)
            => await diagnostics.ConfigureAwait(false);
    }
}
