/** Places: the gazetteer and the locality finder (属地). */
export { Gazetteer, loadGazetteer, gazetteerNames, gazetteerSchema, JIANGXI_FILE, type GazetteerData, type PlaceHit, type Places } from './gazetteer.ts';
