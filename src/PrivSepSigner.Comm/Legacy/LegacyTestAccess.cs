using System.Runtime.CompilerServices;

// The legacy codec's hostile-input tests live in their own project and call it directly.
[assembly: InternalsVisibleTo("PrivSepSigner.Legacy.Tests")]
