// workerd (through miniflare): a module worker; the config is the request body, the report the response.
import { runFlows } from "./flows.mjs";

export default {
  async fetch(request) {
    return Response.json(await runFlows(await request.json()));
  },
};
