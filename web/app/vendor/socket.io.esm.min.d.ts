// Types for the Socket.io client bundle the server serves at /app/vendor/socket.io.esm.min.js
// (from the socket.io-client package); the bundle itself is not stored in the repository.
export { io } from 'socket.io-client';
export type { Socket } from 'socket.io-client';
