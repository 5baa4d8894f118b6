// d3-node ships no types: the little of it the report uses.
declare module 'd3-node' {
  export class D3Node {
    constructor(options?: { styles?: string });
    readonly d3: typeof import('d3');
    createSVG(width: number, height: number, attrs?: Record<string, string>): import('d3').Selection<SVGSVGElement, unknown, null, undefined>;
    svgString(): string;
  }
}
