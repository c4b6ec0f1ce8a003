import "@remix-run/node";

declare module "@remix-run/node" {
  // Single fetch gives loaders and actions their real return types in useLoaderData and useActionData.
  interface Future {
    v3_singleFetch: true;
  }
}
